// The embedded server's fence (.dependency-cruiser.cjs): the rule `npm run build` runs fails on
// every kind of import across it, in both directions, and lets through only `after db`'s
// dynamic import of startServer. Run on small trees of files in a temporary folder, laid out
// as lib/ is, with the project's own config and cruiser.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { makeTempDir, removeTempDir } from '../support/temp-dir';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');
const CRUISER = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: string;
}

interface CruiseResult {
  status: number | null;
  violations: Violation[];
  /** What the cruiser printed. */
  output: string;
}

/** Lays `files` (path under the tree: source) out in a temporary folder and runs the fence on its lib/. */
function cruise(files: Record<string, string>): CruiseResult {
  const dir = makeTempDir('after-fence-');
  try {
    for (const [file, source] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), source);
    }
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'commonjs', esModuleInterop: true, types: ['node'] },
      include: ['lib/**/*.ts'],
    }));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    // As `npm run fence` runs it: the default output, a line per violation, and the exit code.
    const run = spawnSync(process.execPath, [CRUISER, '--config', CONFIG, 'lib'], { cwd: dir, encoding: 'utf8' });
    if (run.error) throw run.error;
    const violations = [...run.stdout.matchAll(/^\s*error (\S+): (\S+) → (\S+)$/gm)].map(([, rule, from, to]) => ({
      from,
      // A package as its name: the path it resolves to goes through the symbolic link.
      to: to.replace(/^.*node_modules\/([^/]+)\/.*$/, 'package $1'),
      rule,
    }));
    return { status: run.status, violations, output: run.stdout };
  } finally {
    removeTempDir(dir);
  }
}

const SERVER_FILES = {
  'lib/server/server.ts': 'export function startServer(): void {}\n',
  'lib/server/other.ts': 'export const other = 1;\nexport interface Other { a: number }\n',
};

describe('the embedded server\'s fence (dependency-cruiser)', function () {
  this.timeout(60_000);

  it('fails on each import across it, in either direction: import, import type, require, export from, import(), packages', () => {
    const result = cruise({
      ...SERVER_FILES,
      'lib/config/version.ts': 'export const version = \'1\';\n',
      'lib/worker/imports.ts': 'import { other } from \'../server/other\';\nexport const a = other;\n',
      'lib/worker/imports-type.ts': 'import type { Other } from \'../server/other\';\nexport const b: Other = { a: 1 };\n',
      'lib/worker/requires.ts': 'const server = require(\'../server/server\');\nexport const c = server;\n',
      'lib/worker/reexports.ts': 'export * from \'../server/other\';\n',
      'lib/worker/dynamic.ts': 'export async function d(): Promise<unknown> { return import(\'../server/other\'); }\n',
      'lib/worker/imports-express.ts': 'import express from \'express\';\nexport const e = express;\n',
      'lib/worker/imports-pouchdb-merge.ts': 'import * as merge from \'pouchdb-merge\';\nexport const f = merge;\n',
      'lib/server/imports-scheduler.ts': 'import { version } from \'../config/version\';\nexport const g = version;\n',
      'lib/server/imports-nano.ts': 'import nano from \'nano\';\nexport const h = nano;\n',
      // After db's command: a static import of startServer, and a dynamic one of another server file.
      'lib/cli/commands/db.ts': 'import { startServer } from \'../../server/server\';\n' +
        'export async function run(): Promise<void> { startServer(); await import(\'../../server/other\'); }\n',
    });
    expect(result.status, 'the exit code').to.not.equal(0);
    const sorted = (violations: Violation[]): Violation[] => [...violations].sort((x, y) => `${x.from} ${x.to}`.localeCompare(`${y.from} ${y.to}`));
    expect(sorted(result.violations)).to.deep.equal(sorted([
      { from: 'lib/worker/imports.ts', to: 'lib/server/other.ts', rule: 'scheduler-imports-server' },
      { from: 'lib/worker/imports-type.ts', to: 'lib/server/other.ts', rule: 'scheduler-imports-server' },
      { from: 'lib/worker/requires.ts', to: 'lib/server/server.ts', rule: 'scheduler-imports-server' },
      { from: 'lib/worker/reexports.ts', to: 'lib/server/other.ts', rule: 'scheduler-imports-server' },
      { from: 'lib/worker/dynamic.ts', to: 'lib/server/other.ts', rule: 'scheduler-imports-server' },
      { from: 'lib/worker/imports-express.ts', to: 'package express', rule: 'scheduler-imports-server-packages' },
      { from: 'lib/worker/imports-pouchdb-merge.ts', to: 'package pouchdb-merge', rule: 'scheduler-imports-server-packages' },
      { from: 'lib/server/imports-scheduler.ts', to: 'lib/config/version.ts', rule: 'server-imports-scheduler' },
      { from: 'lib/server/imports-nano.ts', to: 'package nano', rule: 'server-imports-scheduler-packages' },
      { from: 'lib/cli/commands/db.ts', to: 'lib/server/server.ts', rule: 'db-command-imports-server-statically' },
      { from: 'lib/cli/commands/db.ts', to: 'lib/server/other.ts', rule: 'db-command-imports-more-of-server' },
    ]));
  });

  it('lets through after db\'s dynamic import of startServer, Node\'s own modules on both sides, and each side\'s own imports', () => {
    const result = cruise({
      ...SERVER_FILES,
      'lib/server/uses-node.ts': 'import http from \'node:http\';\nimport { other } from \'./other\';\nimport express from \'express\';\nexport const a = [http, other, express];\n',
      'lib/worker/uses-node.ts': 'import fs from \'node:fs\';\nimport nano from \'nano\';\nexport const b = [fs, nano];\n',
      'lib/cli/commands/db.ts': 'export async function run(): Promise<void> {\n' +
        '  const { startServer } = await import(\'../../server/server\');\n  startServer();\n}\n',
    });
    expect(result.violations).to.deep.equal([]);
    expect(result.status, 'the exit code').to.equal(0);
  });

  it('fails on an import cycle in the scheduler, type imports included', () => {
    const result = cruise({
      'lib/worker/a.ts': 'import type { B } from \'./b\';\nexport interface A { b?: B }\n',
      'lib/worker/b.ts': 'import type { A } from \'./a\';\nexport interface B { a?: A }\n',
      'lib/worker/c.ts': 'import type { A } from \'./a\';\nexport const c: A = {};\n',
    });
    expect(result.status, 'the exit code').to.not.equal(0);
    expect(result.output).to.match(/error no-circular: lib\/worker\/[ab]\.ts → /);
    expect(result.output).to.not.match(/lib\/worker\/c\.ts →/);
  });

  it('keeps the server and its packages out of every command but after db: loading the CLI loads none of them', () => {
    const probe = `require(${JSON.stringify(path.join(ROOT, 'dist', 'lib', 'cli', 'main.js'))});` +
      'console.log(JSON.stringify(Object.keys(require.cache)));';
    const run = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(run.status, run.stderr).to.equal(0);
    const loaded = JSON.parse(run.stdout) as string[];
    const crossing = loaded.filter((file) => file.includes(`${path.sep}lib${path.sep}server${path.sep}`) ||
      /[\\/]node_modules[\\/](express|express-pouchdb|pouchdb[^\\/]*|leveldown|couchdb-eval)[\\/]/.test(file));
    expect(crossing).to.deep.equal([]);
    expect(loaded.some((file) => file.endsWith(path.join('cli', 'commands', 'db.js'))), 'the db command itself is loaded').to.equal(true);
  });
});
