// express-pouchdb's CouchDB-style configuration (persisted in the data directory):
// the admin from After's config, and CouchDB 3's defaults where express-pouchdb's differ.
import crypto from 'node:crypto';
import type { CouchConfig } from 'express-pouchdb';

/** CouchDB 3's `[couchdb] max_document_size`, in bytes. */
export const MAX_DOCUMENT_SIZE = 8_000_000;

const AUTH = 'couch_httpd_auth';

function set(config: CouchConfig, section: string, key: string, value: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    config.set(section, key, value, (err) => (err ? reject(err) : resolve()));
  });
}

function remove(config: CouchConfig, section: string, key: string): Promise<void> {
  return new Promise((resolve, reject) => {
    config.delete(section, key, (err) => (err ? reject(err) : resolve()));
  });
}

export function registerCouchDefaults(config: CouchConfig): void {
  config.registerDefault('couchdb', 'max_document_size', MAX_DOCUMENT_SIZE);
  config.registerDefault(AUTH, 'allow_persistent_cookies', true);
  // Every request at "info" would grow the log file forever; CouchDB's own request log goes to stderr.
  config.registerDefault('log', 'level', 'warning');
}

/** Makes `login` the only server admin (express-pouchdb hashes the password when it saves). */
export async function configureAdmin(config: CouchConfig, admin: { login: string; password: string }): Promise<void> {
  for (const name of Object.keys(config.getSection('admins'))) {
    if (name !== admin.login) await remove(config, 'admins', name);
  }
  await set(config, 'admins', admin.login, admin.password);
}

/** Persists the cookie secret, so that AuthSession cookies outlive a restart as on CouchDB. */
export async function persistCookieSecret(config: CouchConfig): Promise<void> {
  await set(config, AUTH, 'secret', config.get(AUTH, 'secret'));
}

export function sessionTimeoutSeconds(config: CouchConfig): number {
  const timeout = Number(config.get(AUTH, 'timeout'));
  return Number.isFinite(timeout) && timeout > 0 ? timeout : 600;
}

/** The server's uuid, made once and kept, as CouchDB keeps `[couchdb] uuid`; the welcome shows it. */
export async function ensureServerUuid(config: CouchConfig): Promise<void> {
  if (!config.get('couchdb', 'uuid')) await set(config, 'couchdb', 'uuid', crypto.randomBytes(16).toString('hex'));
}
