// Settings precedence (docs/ARCHITECTURE.md, "Configuration"): defaults < config.json < environment < flags.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { couchUrl, loadConfig, redactedUrl } from '../../lib/config/config';
import { ConfigError } from '../../lib/config/errors';
import { makeTempDir, removeTempDir } from '../support/temp-dir';
import { runAfter } from '../support/run-after';

const NO_ENV: NodeJS.ProcessEnv = {};

describe('config', () => {
  let dir: string;

  beforeEach(() => {
    dir = makeTempDir('after-config-test-');
  });

  afterEach(() => {
    removeTempDir(dir);
  });

  function writeConfig(name: string, content: unknown): string {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  }

  /** Runs `action` with the current directory set to `cwd`. */
  function inDirectory<T>(cwd: string, action: () => T): T {
    const previous = process.cwd();
    process.chdir(cwd);
    try {
      return action();
    } finally {
      process.chdir(previous);
    }
  }

  describe('precedence', () => {
    it('has the built-in defaults, with paths in the config file\'s folder, when the file is empty', () => {
      const file = writeConfig('config.json', {});
      const config = loadConfig({ config: file }, NO_ENV);
      expect(config).to.deep.equal({
        login: 'after',
        password: 'after',
        host: '127.0.0.1',
        port: 5984,
        protocol: 'http',
        db: 'tasks',
        jobsDir: path.join(dir, 'jobs'),
        dataDir: path.join(dir, 'data'),
        concurrency: 1000,
        validateOnWrite: undefined,
        ttlMs: null,
        file,
      });
    });

    it('takes every key from the config file over the defaults', () => {
      const file = writeConfig('config.json', {
        login: 'bob', password: 'pw', host: 'couch.example', port: 6984, db: 'work', jobs: '/srv/jobs', data_dir: '/srv/data',
      });
      expect(loadConfig({ config: file }, NO_ENV)).to.include({
        login: 'bob', password: 'pw', host: 'couch.example', port: 6984, db: 'work', jobsDir: '/srv/jobs', dataDir: '/srv/data',
      });
    });

    it('resolves relative paths in the file against the file\'s folder, not the current directory', () => {
      const file = writeConfig('conf/config.json', { jobs: 'my-jobs', data_dir: '../db-data' });
      const elsewhere = path.join(dir, 'elsewhere');
      fs.mkdirSync(elsewhere);
      const config = inDirectory(elsewhere, () => loadConfig({ config: file }, NO_ENV));
      expect(config.jobsDir).to.equal(path.join(dir, 'conf', 'my-jobs'));
      expect(config.dataDir).to.equal(path.join(dir, 'db-data'));
    });

    it('finds config.json in the current directory, or the one $AFTER_CONFIG names, or the one --config names', () => {
      writeConfig('config.json', { db: 'from-cwd' });
      const fromEnv = writeConfig('env/config.json', { db: 'from-env' });
      const fromFlag = writeConfig('flag/config.json', { db: 'from-flag' });
      inDirectory(dir, () => {
        expect(loadConfig({}, NO_ENV)).to.include({ db: 'from-cwd', file: path.join(fs.realpathSync(dir), 'config.json') });
        expect(loadConfig({}, { AFTER_CONFIG: fromEnv })).to.include({ db: 'from-env', file: fromEnv });
        expect(loadConfig({ config: fromFlag }, { AFTER_CONFIG: fromEnv })).to.include({ db: 'from-flag', file: fromFlag });
        expect(loadConfig({ config: 'flag/config.json' }, NO_ENV).file).to.equal(path.join(fs.realpathSync(dir), 'flag', 'config.json'));
      });
    });

    it('lets the environment override the file: AFTER_COUCH_URL with credentials, AFTER_DB, AFTER_JOBS', () => {
      const file = writeConfig('config.json', { login: 'bob', password: 'pw', host: 'h1', port: 1111, db: 'db1', jobs: 'jobs1' });
      const env = {
        AFTER_COUCH_URL: 'https://alice:p%40ss%3Aword@couch.example:6984',
        AFTER_DB: 'db2',
        AFTER_JOBS: '/srv/jobs2',
      };
      const config = loadConfig({ config: file }, env);
      expect(config).to.include({
        protocol: 'https', login: 'alice', password: 'p@ss:word', host: 'couch.example', port: 6984, db: 'db2', jobsDir: '/srv/jobs2',
      });
      expect(couchUrl(config)).to.equal('https://alice:p%40ss%3Aword@couch.example:6984');
      expect(redactedUrl(config)).to.equal('https://alice@couch.example:6984');
    });

    it('keeps the file\'s credentials when AFTER_COUCH_URL has none', () => {
      const file = writeConfig('config.json', { login: 'bob', password: 'pw' });
      expect(loadConfig({ config: file }, { AFTER_COUCH_URL: 'http://couch.example:5984' })).to.include({
        login: 'bob', password: 'pw', host: 'couch.example', port: 5984,
      });
    });

    it('lets flags override the environment and the file', () => {
      const file = writeConfig('config.json', { host: 'h1', port: 1111, db: 'db1', jobs: 'jobs1', data_dir: 'data1' });
      const env = { AFTER_COUCH_URL: 'http://u:p@h2:2222', AFTER_DB: 'db2', AFTER_JOBS: '/jobs2' };
      const config = loadConfig({ config: file, host: 'h3', port: '3333', db: 'db3', jobs: '/jobs3', dir: '/data3' }, env);
      expect(config).to.include({ host: 'h3', port: 3333, db: 'db3', jobsDir: '/jobs3', dataDir: '/data3', login: 'u', password: 'p' });
    });
  });

  describe('bad settings are one-line ConfigErrors', () => {
    function problem(action: () => unknown): string {
      try {
        action();
      } catch (err) {
        expect(err).to.be.instanceOf(ConfigError);
        const message = (err as Error).message;
        expect(message).not.to.include('\n');
        return message;
      }
      throw new Error('expected a ConfigError');
    }

    it('a file that is not JSON', () => {
      const file = writeConfig('config.json', '{"port": 5984,');
      expect(problem(() => loadConfig({ config: file }, NO_ENV))).to.match(/^config file .*config\.json is not valid JSON: /);
    });

    it('a file that is not a JSON object', () => {
      const file = writeConfig('config.json', '[1, 2]');
      expect(problem(() => loadConfig({ config: file }, NO_ENV))).to.include('must hold a JSON object with the keys login, password');
    });

    it('an unknown key, with the accepted ones', () => {
      const file = writeConfig('config.json', { login: 'after', pasword: 'x' });
      expect(problem(() => loadConfig({ config: file }, NO_ENV))).to.equal(
        `config file ${file} has unknown key(s) pasword; accepted: login, password, host, port, db, jobs, data_dir, concurrency, validate_on_write, ttl`,
      );
    });

    for (const port of [-1, 65536, 5984.5, 'http', null, true]) {
      it(`port ${JSON.stringify(port)}`, () => {
        const file = writeConfig('config.json', { port });
        expect(problem(() => loadConfig({ config: file }, NO_ENV))).to.match(/port .* is not a port number; use an integer from 0 to 65535$/);
      });
    }

    for (const concurrency of [0, 2.5, 'many', null]) {
      it(`concurrency ${JSON.stringify(concurrency)}`, () => {
        const file = writeConfig('config.json', { concurrency });
        expect(problem(() => loadConfig({ config: file }, NO_ENV))).to.equal(
          `config file ${file}: concurrency ${JSON.stringify(concurrency)} is not a number of jobs; use a whole number >= 1`);
      });
    }

    for (const value of ['yes', 1, null]) {
      it(`validate_on_write ${JSON.stringify(value)}`, () => {
        const file = writeConfig('config.json', { validate_on_write: value });
        expect(() => loadConfig({ config: file }, NO_ENV)).to.throw(ConfigError,
          `config file ${file}: validate_on_write ${JSON.stringify(value)} is not true or false`);
      });
    }

    it('validate_on_write from the file, and the flag over it', () => {
      const file = writeConfig('config.json', { validate_on_write: true });
      expect(loadConfig({ config: file }, NO_ENV).validateOnWrite).to.equal(true);
      expect(loadConfig({ config: file, validateOnWrite: false }, NO_ENV).validateOnWrite).to.equal(false);
    });

    for (const ttl of [0, 'soon', { weeks: 1.5 }, null]) {
      it(`ttl ${JSON.stringify(ttl)}, naming the key and what a ttl is`, () => {
        const file = writeConfig('config.json', { ttl });
        expect(problem(() => loadConfig({ config: file }, NO_ENV))).to.match(new RegExp(`^config file ${file}: ttl .* (is not|has)`))
          .and.to.match(/milliseconds|ISO 8601|whole numbers/);
      });
    }

    it('ttl from the file as a task takes it (ms, a duration object, ISO 8601), and --ttl over it', () => {
      for (const [ttl, ms] of [[86_400_000, 86_400_000], [{ days: 1 }, 86_400_000], ['PT90S', 90_000]] as const) {
        const file = writeConfig('config.json', { ttl });
        expect(loadConfig({ config: file }, NO_ENV).ttlMs).to.equal(ms);
        expect(loadConfig({ config: file, ttl: 1500 }, NO_ENV).ttlMs).to.equal(1500);
      }
    });

    it('concurrency from the file, and --concurrency over it', () => {
      const file = writeConfig('config.json', { concurrency: 8 });
      expect(loadConfig({ config: file }, NO_ENV).concurrency).to.equal(8);
      expect(loadConfig({ config: file, concurrency: '3' }, NO_ENV).concurrency).to.equal(3);
    });

    it('a --port flag that is not a port', () => {
      const file = writeConfig('config.json', {});
      expect(problem(() => loadConfig({ config: file, port: '12ab' }, NO_ENV))).to.equal(
        '--port "12ab" is not a port number; use an integer from 0 to 65535',
      );
    });

    it('a missing --config file', () => {
      const file = path.join(dir, 'nowhere.json');
      expect(problem(() => loadConfig({ config: file }, NO_ENV))).to.equal(`cannot read config file ${file}: ENOENT`);
    });

    it('an AFTER_COUCH_URL that is not an http(s) URL, without repeating it (it may hold a password)', () => {
      const file = writeConfig('config.json', {});
      const notUrl = problem(() => loadConfig({ config: file }, { AFTER_COUCH_URL: 'after:secret-pw' }));
      const ftp = problem(() => loadConfig({ config: file }, { AFTER_COUCH_URL: 'ftp://after:secret-pw@host' }));
      const invalid = problem(() => loadConfig({ config: file }, { AFTER_COUCH_URL: 'http://after:secret-pw@host:port' }));
      for (const message of [notUrl, ftp, invalid]) expect(message).not.to.include('secret-pw');
    });

    it('reaches the command line as one line on stderr and exit code 1', async () => {
      const file = writeConfig('config.json', { port: 'abc' });
      const run = await runAfter(['status', '--config', file]);
      expect(run.code).to.equal(1);
      expect(run.stdout).to.equal('');
      expect(run.stderr).to.equal(`after: config file ${file}: port "abc" is not a port number; use an integer from 0 to 65535\n`);
    });
  });
});
