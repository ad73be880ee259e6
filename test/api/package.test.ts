// The package as users get it: `npm pack`, installed into an empty folder, then used against
// the installed package's own `after db` from TypeScript (the README's Library snippet,
// compiled with tsc --strict as an ES module; and a CommonJS project's view of the types) and
// from plain JavaScript, with require and with import.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/config/config';
import { startEmbeddedDb, type EmbeddedDb } from '../support/embedded-db';
import { makeTempDir, removeTempDir } from '../support/temp-dir';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `command` with npm's own settings and After's left out of the environment; SIGKILL by PID after `timeoutMs`. */
function run(command: string, args: string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(npm_|AFTER_)/i.test(name)));
  const child = spawn(command, args, { cwd, env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.kill(child.pid as number, 'SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not end within ${timeoutMs} ms; stdout: ${stdout} stderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function ok(result: Run, what: string): Run {
  expect(result.code, `${what}\n${result.stdout}\n${result.stderr}`).to.equal(0);
  return result;
}

const devVersion = (name: string): string => (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** The README's Library snippet: the first ts block of its "## Library" section. */
function readmeSnippet(): string {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const match = /\n## Library\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme);
  if (!match) throw new Error('README.md has no ts block in its Library section');
  return match[1];
}

/** The same steps in plain JavaScript; `$WORKER` is the worker name. */
const JS_BODY = `
const url = process.env.AFTER_COUCH_URL;
const w = new Worker({ url, db: 'tasks', name: '$WORKER', jobs: { hello: (task) => 'Hello, ' + task.job.arguments[0] } });
w.on('done', (id, result) => console.log('event done', result));
await w.start();
const after = await connect({ url, db: 'tasks' });
const id = await after.submit({ worker: '$WORKER', date: new Date(), job: { name: 'hello', arguments: ['$WORKER'] } });
console.log('wait', (await after.wait(id, { timeoutMs: 30000 })).result);
try { await after.submit({ worker: '$WORKER', date: 'soon', job: 'hello' }); } catch (err) { console.log('invalid', err instanceof TaskInvalidError, err.message); }
await after.get('nope').catch((err) => console.log('not found', err instanceof TaskNotFoundError));
await w.stop();
`;

/** A CommonJS TypeScript project's view (module commonjs, node10 resolution: package.json's "types"): compiled, not run. */
const CJS_TYPES = `
import { connect, Worker, TaskStatusError, type AfterClient, type JobTask, type TaskDoc, type StatusCounts } from 'after';
export async function use(url: string): Promise<StatusCounts> {
  const client: AfterClient = await connect({ url });
  const doc: TaskDoc = await client.retry('id');
  if (doc.status === 'waiting') await client.cancel(doc._id);
  const typed = (task: JobTask<[string, number]>): string => task.job.arguments[0].repeat(task.job.arguments[1]);
  const w = new Worker({ url, name: 'w', jobs: { typed }, concurrency: 5 });
  w.on('failed', (id: string, err: Error, task: TaskDoc) => { void id; void err; void task; });
  void TaskStatusError;
  return client.counts();
}
`;

describe('the packed package, installed into an empty folder (npm pack, npm install, tsc --strict, require, import)', function () {
  this.timeout(180_000);
  let dir: string;
  let app: string;
  let server: EmbeddedDb | null = null;

  before(async () => {
    dir = makeTempDir('after-package-');
    app = path.join(dir, 'app');
    fs.mkdirSync(app);
    // The build under test is dist/ as it is: no prepack build.
    const packed = ok(await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], PROJECT_ROOT, 60_000), 'npm pack');
    const [{ filename, files }] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const paths = files.map((file) => file.path);
    expect(paths).to.include.members(['dist/lib/index.js', 'dist/lib/index.d.ts', 'bin/after', 'package.json']);
    expect(paths.filter((file) => file.startsWith('dist/test/') || file.startsWith('dist/bench/'))).to.deep.equal([]);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, type: 'module' }));
    ok(await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(dir, filename),
      `typescript@${devVersion('typescript')}`, `@types/node@${devVersion('@types/node')}`], app, 90_000), 'npm install');
    server = await startEmbeddedDb({ bin: path.join(app, 'node_modules', 'after', 'bin', 'after'), dir: path.join(dir, 'data') });
  });

  after(async () => {
    await server?.stop();
    if (dir) removeTempDir(dir);
  });

  const tsc = (project: string): Promise<Run> => run(process.execPath, [path.join(app, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], app, 60_000);
  const node = (file: string): Promise<Run> => run(process.execPath, [file], app, 60_000, { AFTER_COUCH_URL: server?.url });

  it('the README\'s Library snippet compiles with tsc --strict (an ES module) and runs against the installed after db', async () => {
    fs.writeFileSync(path.join(app, 'snippet.ts'), readmeSnippet());
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022', module: 'node16', moduleResolution: 'node16', types: ['node'], outDir: 'out' },
      files: ['snippet.ts'],
    }));
    ok(await tsc('tsconfig.json'), 'tsc');
    const { stdout } = ok(await node(path.join(app, 'out', 'snippet.js')), 'node out/snippet.js');
    const lines = stdout.trimEnd().split('\n');
    expect(lines).to.include.members([
      'event done Hello, x',
      'done Hello, x',
      "date 'tomorrow-ish' is not ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds",
      'waiting',
    ]);
    // The charge fails twice (its run, then the retry's): each time a 'failed' event and a TaskFailedError.
    const failed = lines.filter((line) => /^task [0-9a-f-]{36} failed: the customer has no card$/.test(line));
    expect(failed, stdout).to.have.length(2);
    expect(lines.filter((line) => line === `event failed ${failed[0]}`), stdout).to.have.length(2);
    expect(stdout).to.match(/\{ billing: \{ (cancel|canceled): 1, done: 1, error: 1 \} \}/);
  });

  it('a CommonJS TypeScript project compiles against the package\'s "types" (node10 resolution, tsc --strict)', async () => {
    fs.writeFileSync(path.join(app, 'cjs-types.ts'), CJS_TYPES);
    fs.writeFileSync(path.join(app, 'tsconfig.cjs.json'), JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022', module: 'commonjs', moduleResolution: 'node10', types: ['node'], noEmit: true },
      files: ['cjs-types.ts'],
    }));
    ok(await tsc('tsconfig.cjs.json'), 'tsc');
  });

  it('plain JavaScript uses it with require and with import', async () => {
    const names = 'connect, Worker, TaskInvalidError, TaskNotFoundError';
    fs.writeFileSync(path.join(app, 'with-require.cjs'),
      `const { ${names} } = require('after');\n(async () => {${JS_BODY.replaceAll('$WORKER', 'cjs')}})().catch((err) => { console.error(err); process.exit(1); });\n`);
    fs.writeFileSync(path.join(app, 'with-import.mjs'), `import { ${names} } from 'after';\n${JS_BODY.replaceAll('$WORKER', 'esm')}`);
    for (const [file, name] of [['with-require.cjs', 'cjs'], ['with-import.mjs', 'esm']]) {
      const { stdout } = ok(await node(path.join(app, file)), file);
      expect(stdout.trimEnd().split('\n'), file).to.include.members([
        `event done Hello, ${name}`, `wait Hello, ${name}`,
        "invalid true date 'soon' is not ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds",
        'not found true',
      ]);
    }
  });
});
