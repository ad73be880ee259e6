// CouchDB 3 sends AuthSession with Max-Age and Expires (allow_persistent_cookies), so that
// clients such as nano keep sending it; express-pouchdb sends a browser-session cookie.
import type { CookieOptions, RequestHandler, Response } from 'express';

export function persistentSessionCookie(timeoutSeconds: () => number): RequestHandler {
  return (_req, res, next) => {
    const setCookie = res.cookie.bind(res) as (name: string, value: string, options: CookieOptions) => Response;
    res.cookie = ((name: string, value: string, options: CookieOptions = {}) => {
      // An empty value is clearCookie() logging out: leave its past expiry alone.
      if (name !== 'AuthSession' || value === '') return setCookie(name, value, options);
      return setCookie(name, value, { ...options, path: '/', maxAge: timeoutSeconds() * 1000 });
    }) as Response['cookie'];
    next();
  };
}
