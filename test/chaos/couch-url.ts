// CouchDB node URLs as chaos takes them (http://admin:password@host:port): their password is
// never printed, and requests go to the bare origin with the credentials as a header.

/**
 * `text` with the password of every `user:password@` in it replaced by `***`, with or without
 * a scheme before it: a --couch value that is not a URL is echoed in commander's error too.
 */
export function hidePasswords(text: string): string {
  return text.replace(/([^\s'"/@:]+):[^\s'"/]*@/g, '$1:***@');
}

/** The node URLs of a --couch value; null unless every one is an http:// URL with a host. */
export function parseCouchUrls(value: string): string[] | null {
  const urls = value.split(',').map((url) => url.trim()).filter(Boolean);
  const valid = (url: string): boolean => URL.canParse(url) && new URL(url).protocol === 'http:' && new URL(url).hostname !== '';
  return urls.length > 0 && urls.every(valid) ? urls : null;
}

/** The origin to send requests to, and "login:password" for basic authentication. */
export function splitCredentials(url: string): { origin: string; auth: string } {
  const parsed = new URL(url);
  return { origin: parsed.origin, auth: `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}` };
}
