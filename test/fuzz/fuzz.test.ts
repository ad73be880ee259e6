// A short seeded fuzz run (`npm run fuzz` in small) against the embedded server, or the CouchDB of
// AFTER_TEST_COUCH_URL: nothing crashes, nothing is left open past its date, and every valid
// task runs exactly once. Seed 1 holds the documents that once stopped both workers' feeds
// (`history: [null]`), left tasks with a status that is none unseen, and crashed the server
// (`"_attachments": {"a": {}}`: with --n 600 it is sent).
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fuzzCases } from './fuzz-cases';

const RUN_FUZZ = path.join(__dirname, 'run-fuzz.js');

interface Summary {
  seed: number;
  validTasks: number;
  doneOnce: number;
  twice: number;
  never: number;
  stuck: number;
  serverErrors: number;
  crashes: number;
  stored: Record<string, number>;
}

function runFuzz(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [RUN_FUZZ, ...args], { maxBuffer: 64 * 1024 * 1024 }, (_err, stdout) => resolve({ code: child.exitCode, stdout }));
  });
}

describe('fuzz (embedded server or CouchDB, real processes)', function () {
  this.timeout(240_000);

  it('sends the same cases for the same seed', () => {
    const options = { worker: 'w', maxLeadMs: 4000 };
    const requests = (seed: number) => fuzzCases(50, seed, options).map((one) => ({ label: one.label, ...one.build(1_800_000_000_000) }));
    expect(requests(7)).to.deep.equal(requests(7));
    expect(requests(7)).not.to.deep.equal(requests(8));
    const kinds = new Set(fuzzCases(200, 7, options).map((one) => one.kind));
    expect([...kinds].sort()).to.deep.equal(['malformed', 'mutated', 'random', 'valid']);
  });

  it('seed 1, 600 cases: no crash, nothing stuck, every valid task done exactly once', async () => {
    const couch = process.env.AFTER_TEST_COUCH_URL;
    const run = await runFuzz(['--n', '600', '--seed', '1', ...(couch ? ['--couch', couch] : [])]);
    const line = run.stdout.split('\n').find((text) => text.startsWith('{"seed"'));
    expect(line, run.stdout).to.be.a('string');
    const summary = JSON.parse(line as string) as Summary;
    expect(summary.validTasks, run.stdout).to.be.above(100);
    expect({ ...summary, doneOnce: summary.doneOnce === summary.validTasks }, run.stdout).to.deep.include({
      doneOnce: true, twice: 0, never: 0, stuck: 0, crashes: 0,
    });
    // CouchDB answers a few junk requests with 500 itself (`"new_edits": "maybe"`); After's own server never may.
    if (!couch) expect(summary.serverErrors, run.stdout).to.equal(0);
    expect(run.code, run.stdout).to.equal(0);
  });
});
