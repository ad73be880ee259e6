import fs from 'node:fs';
import { expect } from 'chai';
import { executableArgv, runExecutableJob } from '../../lib/jobs/run-executable';
import type { JobInput, JobOutcome } from '../../lib/jobs/types';
import { isAlive, jobInput, TempJobsFolder, waitFor } from './temp-jobs-folder';

describe('runExecutableJob', () => {
  let folder: TempJobsFolder;
  /** Processes a test started in the background, ended after it whatever happened. */
  let leftovers: number[];

  beforeEach(() => {
    folder = new TempJobsFolder();
    leftovers = [];
  });
  afterEach(() => {
    for (const pid of leftovers) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    folder.remove();
  });

  function bash(fileName: string, body: string): string {
    folder.executable(fileName, `#!/usr/bin/env bash\n${body}\n`);
    return folder.path(fileName);
  }

  function node(fileName: string, body: string): string {
    folder.executable(fileName, `#!/usr/bin/env node\n${body}\n`);
    return folder.path(fileName);
  }

  function run(file: string, overrides: Partial<JobInput> = {}): Promise<JobOutcome> {
    return runExecutableJob(file, jobInput('example', overrides));
  }

  function readPid(fileName: string): number {
    const pid = Number(fs.readFileSync(folder.path(fileName), 'utf8'));
    leftovers.push(pid);
    return pid;
  }

  describe('exit code', () => {
    it('0 is done, with stdout trimmed as the result', async () => {
      expect(await run(bash('ok.sh', 'echo "  all good  "'))).to.deep.equal({ kind: 'done', result: 'all good' });
    });

    it('0 with JSON on stdout is done with the parsed value', async () => {
      const file = node('report', 'console.log(JSON.stringify({ sent: 3, to: ["a"] }));');
      expect(await run(file)).to.deep.equal({ kind: 'done', result: { sent: 3, to: ['a'] } });
    });

    it('0 with no output is done with null', async () => {
      expect(await run(bash('quiet.sh', 'exit 0'))).to.deep.equal({ kind: 'done', result: null });
    });

    it('non-zero is an error quoting the last stderr line', async () => {
      const outcome = await run(bash('bad.sh', 'echo partial\necho "first problem" >&2\necho "last problem" >&2\nexit 3'));
      expect(outcome).to.deep.equal({
        kind: 'error',
        message: "job 'example' exited with code 3: last problem",
        detail: { exit_code: 3, signal: null, stderr: 'first problem\nlast problem', stdout: 'partial' },
      });
    });

    it('non-zero without stderr quotes the last stdout line', async () => {
      expect(await run(bash('bad.sh', 'echo "checked 3 hosts"\necho "host c is down"\nexit 1')))
        .to.deep.include({ kind: 'error', message: "job 'example' exited with code 1: host c is down" });
    });

    it('non-zero without any output says just the code', async () => {
      expect(await run(bash('bad.sh', 'exit 42'))).to.deep.include({ kind: 'error', message: "job 'example' exited with code 42" });
    });

    it('a death by signal is an error naming the signal', async () => {
      expect(await run(bash('killed.sh', 'kill -KILL $$'))).to.deep.equal({
        kind: 'error',
        message: "job 'example' was killed by SIGKILL",
        detail: { exit_code: null, signal: 'SIGKILL' },
      });
    });

    it('bounds the quoted stderr line', async () => {
      const outcome = await run(node('loud', 'console.error("e".repeat(5000)); process.exit(1);'));
      expect((outcome as { message: string }).message).to.have.length("job 'example' exited with code 1: ".length + 300);
    });
  });

  describe('a last stdout line DONE, FAIL or SCHED_LATER', () => {
    it('DONE overrides a non-zero exit code; the rest of stdout is the result', async () => {
      expect(await run(bash('done.sh', 'echo \'{"rows": 12}\'\necho DONE\nexit 1')))
        .to.deep.equal({ kind: 'done', result: { rows: 12 } });
    });

    it('DONE alone is done with null', async () => {
      expect(await run(bash('done.sh', 'echo DONE'))).to.deep.equal({ kind: 'done', result: null });
    });

    it('FAIL overrides exit code 0, quoting the last stderr line', async () => {
      expect(await run(bash('fail.sh', 'echo "disk is full" >&2\necho FAIL')))
        .to.deep.include({ kind: 'error', message: "job 'example' printed FAIL: disk is full" });
    });

    it('FAIL without stderr quotes the stdout line before it', async () => {
      expect(await run(bash('fail.sh', 'echo "no rows"\necho FAIL')))
        .to.deep.include({ kind: 'error', message: "job 'example' printed FAIL: no rows" });
    });

    it('SCHED_LATER <seconds> asks to run again later, whatever the exit code', async () => {
      expect(await run(bash('later.sh', 'echo "busy"\necho "SCHED_LATER 30"\nexit 1'))).to.deep.equal({ kind: 'later', seconds: 30 });
      expect(await run(bash('later2.sh', 'echo "SCHED_LATER 1.5"'))).to.deep.equal({ kind: 'later', seconds: 1.5 });
    });

    it('counts the last non-empty line, with trailing blank lines and CRLF endings', async () => {
      expect(await run(node('crlf', 'process.stdout.write("SCHED_LATER 60\\r\\n\\r\\n  \\n");')))
        .to.deep.equal({ kind: 'later', seconds: 60 });
    });

    for (const line of ['SCHED_LATER', 'SCHED_LATER 0', 'SCHED_LATER -5', 'SCHED_LATER soon', 'SCHED_LATER 5 minutes']) {
      it(`refuses '${line}'`, async () => {
        expect(await run(bash('later.sh', `echo "${line}"`))).to.deep.include({
          kind: 'error',
          message: `job 'example' printed '${line}'; expected SCHED_LATER <seconds>, a positive number`,
        });
      });
    }

    it('a marker that is not the last line is ordinary output', async () => {
      expect(await run(bash('mid.sh', 'echo DONE\necho "then it broke"\nexit 2')))
        .to.deep.include({ kind: 'error', message: "job 'example' exited with code 2: then it broke" });
      expect(await run(bash('lower.sh', 'echo done'))).to.deep.equal({ kind: 'done', result: 'done' });
    });
  });

  describe('output bounds', () => {
    it('keeps the last 64 KiB of a long stdout, marked as cut', async () => {
      const file = node('chatty', 'for (let i = 0; i < 4000; i++) console.log(`line ${i} ` + "é".repeat(40));\nconsole.log("DONE");');
      const outcome = await run(file);
      expect(outcome.kind).to.equal('done');
      const result = (outcome as { result: string }).result;
      expect(result.startsWith('…')).to.equal(true);
      expect(result.endsWith(`line 3999 ${'é'.repeat(40)}`)).to.equal(true);
      expect(Buffer.byteLength(result.slice(1))).to.be.at.most(64 * 1024);
      expect(result).not.to.include('\ufffd');
    });
  });

  describe('what the executable gets', () => {
    it('the arguments as argv, one per element, without a shell', async () => {
      const file = node('args', 'console.log(JSON.stringify(process.argv.slice(2)));');
      const args = ['plain', 'two words', '$HOME; rm -rf /', 7, { to: 'a@b.c' }, null, true];
      expect(await run(file, { arguments: args })).to.deep.equal({
        kind: 'done',
        result: ['plain', 'two words', '$HOME; rm -rf /', '7', '{"to":"a@b.c"}', 'null', 'true'],
      });
    });

    it('the task document as JSON on stdin', async () => {
      const file = node('stdin', 'let text = ""; process.stdin.on("data", (c) => { text += c; }).on("end", () => console.log(text));');
      const doc = { _id: 'task-9', worker: 'w', job: { name: 'stdin', arguments: [] }, note: 'ünïcode' };
      expect(await run(file, { doc })).to.deep.equal({ kind: 'done', result: doc });
    });

    it('the jobs folder as working directory and the worker\'s environment', async () => {
      process.env.AFTER_JOBS_TEST_VALUE = 'inherited';
      try {
        expect(await run(bash('where.sh', 'echo "{\\"cwd\\": \\"$(pwd -P)\\", \\"value\\": \\"$AFTER_JOBS_TEST_VALUE\\"}"')))
          .to.deep.equal({ kind: 'done', result: { cwd: fs.realpathSync(folder.dir), value: 'inherited' } });
      } finally {
        delete process.env.AFTER_JOBS_TEST_VALUE;
      }
    });

    it('copes with an executable that never reads a large stdin', async () => {
      const doc = { _id: 'big', payload: 'x'.repeat(4 * 1024 * 1024) };
      expect(await run(bash('no-stdin.sh', 'echo ignored stdin'), { doc })).to.deep.equal({ kind: 'done', result: 'ignored stdin' });
    });
  });

  describe('executableArgv', () => {
    it('maps job.arguments to argv', () => {
      expect(executableArgv(undefined)).to.deep.equal([]);
      expect(executableArgv(null)).to.deep.equal([]);
      expect(executableArgv([])).to.deep.equal([]);
      expect(executableArgv(['a', 1, [2], { b: 3 }, null, false])).to.deep.equal(['a', '1', '[2]', '{"b":3}', 'null', 'false']);
      expect(executableArgv({ to: 'x' })).to.deep.equal(['{"to":"x"}']);
      expect(executableArgv(5)).to.deep.equal(['5']);
      expect(executableArgv('report.csv')).to.deep.equal(['report.csv']);
    });
  });

  describe('failure to start', () => {
    it('is an error saying why, for an interpreter that does not exist', async () => {
      folder.executable('broken.sh', '#!/nonexistent/interpreter\necho hi\n');
      const outcome = await run(folder.path('broken.sh'));
      expect(outcome.kind).to.equal('error');
      expect((outcome as { message: string }).message).to.match(
        /^job 'example' could not start \(.+broken\.sh\): spawn .+ ENOENT; check that its #! line names an installed interpreter$/);
    });
  });

  describe('abort', () => {
    it('ends the executable and what it started with SIGTERM, and settles as an error', async function () {
      this.timeout(10_000);
      const file = bash('long.sh', 'sleep 30 &\necho $! > sleep.pid\necho $$ > main.pid\nwait');
      const controller = new AbortController();
      const outcome = run(file, { signal: controller.signal });
      await waitFor(() => fs.existsSync(folder.path('main.pid')) && fs.statSync(folder.path('main.pid')).size > 0, 5000, 'main.pid');
      const [main, sleeper] = [readPid('main.pid'), readPid('sleep.pid')];
      controller.abort('the worker is stopping');
      expect(await outcome).to.deep.equal({
        kind: 'error',
        message: "job 'example' was aborted: the worker is stopping",
        detail: { exit_code: null, signal: 'SIGTERM' },
      });
      await waitFor(() => !isAlive(main) && !isAlive(sleeper), 3000, 'the job and its sleep to end');
    });

    it('kills with SIGKILL an executable that ignores SIGTERM, 2 s later', async function () {
      this.timeout(10_000);
      const file = node('stubborn', [
        'require("fs").writeFileSync("stubborn.pid", String(process.pid));',
        'process.on("SIGTERM", () => console.error("ignoring SIGTERM"));',
        'setInterval(() => {}, 1000);',
      ].join('\n'));
      const controller = new AbortController();
      const outcome = run(file, { signal: controller.signal });
      await waitFor(() => fs.existsSync(folder.path('stubborn.pid')), 5000, 'stubborn.pid');
      const pid = readPid('stubborn.pid');
      const abortedAt = Date.now();
      controller.abort(new Error('lease lost'));
      expect(await outcome).to.deep.equal({
        kind: 'error',
        message: "job 'example' was aborted: lease lost",
        detail: { exit_code: null, signal: 'SIGKILL' },
      });
      expect(Date.now() - abortedAt).to.be.within(1900, 4000);
      expect(isAlive(pid)).to.equal(false);
    });

    it('does not start the executable when the signal has already aborted', async () => {
      const file = bash('touch.sh', 'touch started');
      const controller = new AbortController();
      controller.abort('too late');
      expect(await run(file, { signal: controller.signal }))
        .to.deep.equal({ kind: 'error', message: "job 'example' was aborted: too late" });
      expect(fs.existsSync(folder.path('started'))).to.equal(false);
    });
  });

  it('settles soon after the executable exits, even when a process it left running holds stdout', async function () {
    this.timeout(10_000);
    const file = bash('daemon.sh', 'sleep 30 &\necho $! > background.pid\necho started\necho DONE');
    const startedAt = Date.now();
    const outcome = await run(file);
    readPid('background.pid');
    expect(outcome).to.deep.equal({ kind: 'done', result: 'started' });
    expect(Date.now() - startedAt).to.be.below(3000);
  });
});
