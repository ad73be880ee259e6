import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { JobsFolderError } from '../../lib/jobs/errors';
import { JobRegistry } from '../../lib/jobs/registry';
import { jobInput, TempJobsFolder } from './temp-jobs-folder';

const BASH_DONE = '#!/usr/bin/env bash\necho "from $0"\necho DONE\n';

function loadError(dir: string): JobsFolderError {
  try {
    JobRegistry.load(dir);
  } catch (err) {
    expect(err).to.be.instanceOf(JobsFolderError);
    return err as JobsFolderError;
  }
  throw new Error(`JobRegistry.load(${dir}) did not throw`);
}

describe('JobRegistry', () => {
  let folder: TempJobsFolder;
  beforeEach(() => { folder = new TempJobsFolder(); });
  afterEach(() => folder.remove());

  describe('load', () => {
    it('registers the functions of index.js and the executable files, names sorted', () => {
      folder
        .index('module.exports = { zeta() { return 1; }, alpha: async () => 2 };')
        .executable('hello.sh', BASH_DONE)
        .executable('report', BASH_DONE);
      const registry = JobRegistry.load(folder.dir);
      expect(registry.names()).to.deep.equal(['alpha', 'hello', 'report', 'zeta']);
      expect(registry.has('hello')).to.equal(true);
      expect(registry.has('hello.sh')).to.equal(false);
      expect(registry.dir).to.equal(folder.dir);
    });

    it('keeps the folder as an absolute path when given a relative one', () => {
      folder.index('module.exports = {};');
      const relative = path.relative(process.cwd(), folder.dir);
      expect(JobRegistry.load(relative).dir).to.equal(folder.dir);
    });

    it('accepts an index.js that exports no jobs', () => {
      folder.index('module.exports = {};');
      expect(JobRegistry.load(folder.dir).names()).to.deep.equal([]);
    });

    it('leaves out hidden files, *.js, *.json, *.md, files without an execute bit, and folders', () => {
      folder
        .index('module.exports = {};')
        .executable('.hidden.sh', BASH_DONE)
        .executable('helper.js', '#!/usr/bin/env node\n')
        .executable('data.json', '{}')
        .executable('README.md', '# jobs')
        .file('plain.sh', BASH_DONE, 0o644)
        .executable('owner-only.sh', BASH_DONE);
      fs.chmodSync(folder.path('owner-only.sh'), 0o744);
      fs.mkdirSync(folder.path('lib.d'));
      fs.chmodSync(folder.path('lib.d'), 0o755);
      expect(JobRegistry.load(folder.dir).names()).to.deep.equal(['owner-only']);
    });

    it('follows a symbolic link to an executable file, and ignores a broken one', () => {
      folder.index('module.exports = {};').executable('.real.sh', BASH_DONE);
      fs.symlinkSync(folder.path('.real.sh'), folder.path('linked.sh'));
      fs.symlinkSync(folder.path('missing.sh'), folder.path('broken.sh'));
      expect(JobRegistry.load(folder.dir).names()).to.deep.equal(['linked']);
    });

    it('does not look in subfolders', () => {
      folder.index('module.exports = {};');
      fs.mkdirSync(folder.path('nested'));
      fs.writeFileSync(folder.path('nested/deep.sh'), BASH_DONE, { mode: 0o755 });
      expect(JobRegistry.load(folder.dir).names()).to.deep.equal([]);
    });

    it('loads index.js afresh each time', () => {
      folder.index('module.exports = { first() { return 1; } };');
      expect(JobRegistry.load(folder.dir).names()).to.deep.equal(['first']);
      folder.index('module.exports = { second() { return 2; } };');
      expect(JobRegistry.load(folder.dir).names()).to.deep.equal(['second']);
    });
  });

  describe('load errors', () => {
    it('refuses a folder that does not exist', () => {
      const missing = path.join(folder.dir, 'nowhere');
      expect(loadError(missing).message).to.equal(`jobs folder ${missing} does not exist; ` +
        'create it with an index.js or executable jobs, or point config "jobs" / --jobs at one');
    });

    it('refuses a path that is not a directory', () => {
      folder.file('not-a-folder', 'x');
      expect(loadError(folder.path('not-a-folder')).message)
        .to.equal(`jobs folder ${folder.path('not-a-folder')} is not a directory; ` +
          'point config "jobs" / --jobs at a folder holding an index.js');
    });

    it('takes a folder of executable jobs without index.js, and refuses one with neither', () => {
      folder.executable('hello.sh', BASH_DONE);
      expect(JobRegistry.load(folder.dir).names()).to.deep.equal(['hello']);
      const empty = new TempJobsFolder();
      try {
        expect(loadError(empty.dir).message).to.equal(`jobs folder ${empty.dir} has no jobs: no index.js and no executable file; ` +
          'add an index.js that sets module.exports = { <job name>: function (task) { ... } } (it may be {}), or executable files');
      } finally {
        empty.remove();
      }
    });

    it('takes an ES module index.js (export default, or named exports) where Node.js can require() it, and says what to do where not', () => {
      const forms = ['export default { hello(task) { task.emit("done", 1); } };', 'export function hello(task) { task.emit("done", 1); }'];
      for (const form of forms) {
        const esm = new TempJobsFolder().index(form);
        try {
          if (process.features.require_module === true) expect(JobRegistry.load(esm.dir).names(), form).to.deep.equal(['hello']);
          else expect(loadError(esm.dir).message, form).to.match(/it uses import or export, so Node\.js reads it as an ES module/);
        } finally {
          esm.remove();
        }
      }
      folder.index('import fs from "node:fs";\nmodule.exports = { a() { return fs; } };');
      expect(loadError(folder.dir).message).to.match(/failed to load \(.*\) \(it uses import or export, so Node\.js reads it as an ES module: use export default/);
    });

    it('refuses an index.js that throws while loading, quoting the error', () => {
      folder.index('throw new Error("no database configured");');
      const { message } = loadError(folder.dir);
      expect(message).to.equal(`${folder.path('index.js')} failed to load (no database configured); ` +
        'expected CommonJS that sets module.exports = { <job name>: function (task) { ... } }, or export default { ... }');
    });

    it('refuses an index.js with a syntax error, in one line', () => {
      folder.index('module.exports = { broken( };');
      const { message } = loadError(folder.dir);
      expect(message).to.match(/index\.js failed to load \(.+\); expected CommonJS/);
      expect(message).not.to.include('\n');
    });

    it('takes a single named function as the one job of its name', async () => {
      folder.index('module.exports = function generate_billing(task) { task.emit("done", "billed"); };');
      const registry = JobRegistry.load(folder.dir);
      expect(registry.names()).to.deep.equal(['generate_billing']);
      const outcome = await registry.run({ id: 't', date: 0, name: 'generate_billing', arguments: [], doc: {}, signal: new AbortController().signal });
      expect(outcome).to.deep.equal({ kind: 'done', result: 'billed' });
    });

    it('refuses an anonymous function export, asking for a name', () => {
      folder.index('module.exports = (task) => {};');
      expect(loadError(folder.dir).message).to.match(/exports an anonymous function; name it/);
    });

    for (const [source, what] of [
      ['module.exports = null;', 'null'],
      ['module.exports = ["a"];', 'an array'],
      ['module.exports = "jobs";', 'a string ("jobs")'],
    ]) {
      it(`refuses an index.js that exports ${what}`, () => {
        folder.index(source);
        expect(loadError(folder.dir).message).to.equal(`${folder.path('index.js')} exports ${what}; ` +
          'expected an object mapping job names to functions, e.g. module.exports = { generate_billing }');
      });
    }

    it('refuses a job that is not a function, naming it', () => {
      folder.index('module.exports = { good() {}, billing: { run() {} } };');
      expect(loadError(folder.dir).message).to.equal(`${folder.path('index.js')} exports job 'billing' ` +
        'as an object; each job must be a function that takes the task');
    });

    it('refuses two executables with the same name, naming both', () => {
      folder.index('module.exports = {};').executable('hello.sh', BASH_DONE).executable('hello.py', BASH_DONE);
      expect(loadError(folder.dir).message).to.equal(`jobs folder ${folder.dir} has two jobs named 'hello': ` +
        'hello.py and hello.sh; rename one');
    });

    it('refuses an executable with the name of a module job, naming both', () => {
      folder.index('module.exports = { hello() {} };').executable('hello.sh', BASH_DONE);
      expect(loadError(folder.dir).message).to.equal(`jobs folder ${folder.dir} has two jobs named 'hello': ` +
        "index.js's 'hello' and hello.sh; rename one");
    });
  });

  describe('run', () => {
    it('runs a module job and an executable job by name', async () => {
      folder.index('module.exports = { twice(task) { return task.job.arguments[0] * 2; } };')
        .executable('hello.sh', BASH_DONE);
      const registry = JobRegistry.load(folder.dir);
      expect(await registry.run(jobInput('twice', { arguments: [21] }))).to.deep.equal({ kind: 'done', result: 42 });
      expect(await registry.run(jobInput('hello'))).to.deep.equal({ kind: 'done', result: `from ${folder.path('hello.sh')}` });
    });

    it('calls a module job as a method of the exports, so `this` reaches its siblings', async () => {
      folder.index('module.exports = { helper() { return "helped"; }, main() { return this.helper(); } };');
      expect(await JobRegistry.load(folder.dir).run(jobInput('main'))).to.deep.equal({ kind: 'done', result: 'helped' });
    });

    it('answers an unknown job with the names it has', async () => {
      folder.index('module.exports = { b() {}, a() {} };').executable('c.sh', BASH_DONE);
      expect(await JobRegistry.load(folder.dir).run(jobInput('x'))).to.deep.equal({
        kind: 'error',
        message: "unknown job 'x'; this worker has: a, b, c",
      });
    });

    it('names the file of an unknown job that lacks an execute bit, and how to give it one', async () => {
      folder.index('module.exports = { a() {} };').file('backup.sh', BASH_DONE, 0o644);
      const registry = JobRegistry.load(folder.dir);
      const file = folder.path('backup.sh');
      const message = `unknown job 'backup'; ${file} is not executable (chmod +x ${file}); this worker has: a`;
      expect(await registry.run(jobInput('backup'))).to.deep.equal({ kind: 'error', message });
      expect(registry.unknownJobMessage('backup')).to.equal(message);
      expect(registry.unknownJobMessage('other')).to.equal("unknown job 'other'; this worker has: a");
    });

    it('says so when it has no jobs at all', async () => {
      folder.index('module.exports = {};');
      expect(await JobRegistry.load(folder.dir).run(jobInput('x'))).to.deep.equal({
        kind: 'error',
        message: `unknown job 'x'; this worker has none (jobs folder ${folder.dir})`,
      });
    });

    it('never turns a job name into a path', async () => {
      folder.index('module.exports = { a() {} };').executable('hello.sh', BASH_DONE);
      fs.writeFileSync(path.join(folder.dir, '..', `${path.basename(folder.dir)}-outside.sh`), BASH_DONE, { mode: 0o755 });
      const registry = JobRegistry.load(folder.dir);
      try {
        for (const name of ['hello.sh', `../${path.basename(folder.dir)}-outside`, folder.path('hello.sh'),
          'constructor', '__proto__', 'toString', 'index']) {
          expect(registry.has(name), name).to.equal(false);
          const outcome = await registry.run(jobInput(name));
          expect(outcome.kind, name).to.equal('error');
        }
      } finally {
        fs.rmSync(path.join(folder.dir, '..', `${path.basename(folder.dir)}-outside.sh`));
      }
    });
  });
});
