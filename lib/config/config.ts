// Settings, lowest first: built-in defaults, the config file, the environment, flags
// (docs/ARCHITECTURE.md, "Configuration"). Relative paths resolve against the config file's folder.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from './errors';
import { parseTtl } from './ttl';
import { PORT_RANGE, readWholeNumber } from './whole-number';
import { DEFAULT_CONCURRENCY } from '../worker/defaults';

/** What every command works with once config, environment and flags are merged. */
export interface AfterConfig {
  /** Admin (embedded server) or database user name. Default `after`. */
  login: string;
  /** Its password. Default `after`. Never printed: see `redactedUrl`. */
  password: string;
  /** CouchDB host. Default `127.0.0.1`. */
  host: string;
  /** CouchDB port. Default 5984. */
  port: number;
  /** `http` unless AFTER_COUCH_URL says `https`. */
  protocol: 'http' | 'https';
  /** The tasks database. Default `tasks`. */
  db: string;
  /** Absolute path of the jobs folder. Default `<config folder>/jobs`. */
  jobsDir: string;
  /** Absolute path of the embedded server's data directory. Default `<config folder>/data`. */
  dataDir: string;
  /** Jobs a worker process runs at once (default DEFAULT_CONCURRENCY, 1000: most jobs wait on I/O). */
  concurrency: number;
  /**
   * Whether the database itself refuses invalid tasks (403, a `validate_doc_update`), set by
   * `after setup` and workers at start; undefined (the default) keeps what the database has.
   */
  validateOnWrite: boolean | undefined;
  /** How long a worker keeps a finished task without a `ttl` of its own (ms); null (the default) keeps it. */
  ttlMs: number | null;
  /** The config file that was read, if any. */
  file: string | null;
}

/** The keys a config.json may hold (the seed's keys plus `jobs`, `data_dir`, `concurrency`, `validate_on_write` and `ttl`). */
interface ConfigFile {
  login?: string;
  password?: string;
  host?: string;
  port?: number;
  db?: string;
  jobs?: string;
  data_dir?: string;
  concurrency?: number;
  validate_on_write?: boolean;
  ttl?: unknown;
}

const FILE_KEYS: ReadonlyArray<keyof ConfigFile> = ['login', 'password', 'host', 'port', 'db', 'jobs', 'data_dir', 'concurrency', 'validate_on_write', 'ttl'];

/** Flags that override everything else. */
export interface ConfigOverrides {
  config?: string;
  port?: number | string;
  host?: string;
  db?: string;
  jobs?: string;
  dir?: string;
  concurrency?: number | string;
  validateOnWrite?: boolean;
  /** The worker's default ttl: milliseconds, a duration object or an ISO 8601 duration. */
  ttl?: unknown;
}

/** The project root: where this package's package.json is. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

function findConfigFile(flag: string | undefined, env: NodeJS.ProcessEnv): string | null {
  if (flag) return path.resolve(flag);
  if (env.AFTER_CONFIG) return path.resolve(env.AFTER_CONFIG);
  for (const dir of [process.cwd(), PROJECT_ROOT]) {
    const candidate = path.join(dir, 'config.json');
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

function readConfigFile(file: string): ConfigFile {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${file} must hold a JSON object with the keys ${FILE_KEYS.join(', ')}`);
  }
  const unknownKeys = Object.keys(parsed).filter((key) => !(FILE_KEYS as string[]).includes(key));
  if (unknownKeys.length > 0) {
    throw new ConfigError(`config file ${file} has unknown key(s) ${unknownKeys.join(', ')}; accepted: ${FILE_KEYS.join(', ')}`);
  }
  return parsed as ConfigFile;
}

/** `label` names where the value came from: `config file F: port`, or `--port`. */
function parsePort(value: unknown, label: string): number {
  const port = readWholeNumber(value, PORT_RANGE.min, PORT_RANGE.max);
  if (port === undefined) throw new ConfigError(`${label} ${JSON.stringify(value)} is not a port number; use an integer from 0 to 65535`);
  return port;
}

function parseConcurrency(value: unknown, label: string): number {
  const concurrency = readWholeNumber(value, 1, Number.MAX_SAFE_INTEGER);
  if (concurrency === undefined) throw new ConfigError(`${label} ${JSON.stringify(value)} is not a number of jobs; use a whole number >= 1`);
  return concurrency;
}

/** Merges defaults, the config file, the environment and flags into one AfterConfig. */
export function loadConfig(overrides: ConfigOverrides = {}, env: NodeJS.ProcessEnv = process.env): AfterConfig {
  const file = findConfigFile(overrides.config, env);
  const fromFile = file ? readConfigFile(file) : {};
  const base = file ? path.dirname(file) : process.cwd();

  const config: AfterConfig = {
    login: 'after',
    password: 'after',
    host: '127.0.0.1',
    port: 5984,
    protocol: 'http',
    db: 'tasks',
    jobsDir: path.resolve(base, 'jobs'),
    dataDir: path.resolve(base, 'data'),
    concurrency: DEFAULT_CONCURRENCY,
    validateOnWrite: undefined,
    ttlMs: null,
    file,
  };
  if (fromFile.login !== undefined) config.login = String(fromFile.login);
  if (fromFile.password !== undefined) config.password = String(fromFile.password);
  if (fromFile.host !== undefined) config.host = String(fromFile.host);
  if (fromFile.port !== undefined) config.port = parsePort(fromFile.port, `config file ${file}: port`);
  if (fromFile.db !== undefined) config.db = String(fromFile.db);
  if (fromFile.jobs !== undefined) config.jobsDir = path.resolve(base, String(fromFile.jobs));
  if (fromFile.data_dir !== undefined) config.dataDir = path.resolve(base, String(fromFile.data_dir));
  if (fromFile.concurrency !== undefined) config.concurrency = parseConcurrency(fromFile.concurrency, `config file ${file}: concurrency`);
  if (fromFile.validate_on_write !== undefined) {
    if (typeof fromFile.validate_on_write !== 'boolean') {
      throw new ConfigError(`config file ${file}: validate_on_write ${JSON.stringify(fromFile.validate_on_write)} is not true or false`);
    }
    config.validateOnWrite = fromFile.validate_on_write;
  }
  if (fromFile.ttl !== undefined) config.ttlMs = parseTtl(fromFile.ttl, `config file ${file}:`);

  if (env.AFTER_COUCH_URL) applyCouchUrl(config, env.AFTER_COUCH_URL);
  if (env.AFTER_DB) config.db = env.AFTER_DB;
  if (env.AFTER_JOBS) config.jobsDir = path.resolve(env.AFTER_JOBS);

  if (overrides.host !== undefined) config.host = overrides.host;
  if (overrides.port !== undefined) config.port = parsePort(overrides.port, '--port');
  if (overrides.db !== undefined) config.db = overrides.db;
  if (overrides.jobs !== undefined) config.jobsDir = path.resolve(overrides.jobs);
  if (overrides.dir !== undefined) config.dataDir = path.resolve(overrides.dir);
  if (overrides.concurrency !== undefined) config.concurrency = parseConcurrency(overrides.concurrency, '--concurrency');
  if (overrides.validateOnWrite !== undefined) config.validateOnWrite = overrides.validateOnWrite;
  if (overrides.ttl !== undefined) config.ttlMs = parseTtl(overrides.ttl, '--ttl:');
  return config;
}

/** Where the CouchDB server is and who After is there: what a URL such as AFTER_COUCH_URL says. */
export type CouchAddress = Pick<AfterConfig, 'protocol' | 'host' | 'port' | 'login' | 'password'>;

/**
 * Reads `http://user:password@host:5984`; `label` names where it came from in the error
 * (`AFTER_COUCH_URL`, `option url`), which never repeats the value: it may hold a password.
 * A URL without a user gives an empty login and password.
 */
export function parseCouchUrl(value: string, label: string): CouchAddress {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${label} is not a URL; use http://user:password@host:5984`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${label} must start with http:// or https://, not ${url.protocol}//`);
  }
  return {
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80,
    login: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

function applyCouchUrl(config: AfterConfig, value: string): void {
  const { login, password, ...where } = parseCouchUrl(value, 'AFTER_COUCH_URL');
  Object.assign(config, where);
  if (login) config.login = login;
  if (password) config.password = password;
}

/** The server's URL with credentials, for clients (none when the login and password are empty). */
export function couchUrl(config: CouchAddress): string {
  const auth = config.login || config.password ? `${encodeURIComponent(config.login)}:${encodeURIComponent(config.password)}@` : '';
  return `${config.protocol}://${auth}${config.host}:${config.port}`;
}

/** The server's URL without the password, for messages and logs. */
export function redactedUrl(config: CouchAddress): string {
  const user = config.login ? `${encodeURIComponent(config.login)}@` : '';
  return `${config.protocol}://${user}${config.host}:${config.port}`;
}
