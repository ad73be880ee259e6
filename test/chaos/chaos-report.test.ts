import { expect } from 'chai';
import { chaosReport, tasksFound } from './chaos-report';
import type { JobEvent } from './chaos-jobs';

const end = (id: string, pid: number): JobEvent => ({ event: 'end', id, pid, at: 0 });

describe('chaosReport', () => {
  it('counts lost, doubled, stuck and reruns after a crash', () => {
    const ids = ['ok', 'lost', 'stuck', 'rerun', 'double'];
    const status = new Map<string, string | undefined>([['ok', 'done'], ['lost', 'error'], ['stuck', 'running'], ['rerun', 'done'], ['double', 'done']]);
    const events = [end('ok', 1), end('stuck', 1), end('rerun', 7), end('rerun', 2), end('double', 1), end('double', 2)];
    expect(chaosReport(ids, status, events, new Set([7]))).to.deep.equal({ tasks: 5, lost: 1, doubled: 1, stuck: 1, rerunAfterCrash: 1 });
  });
});

describe('tasksFound', () => {
  it('names each task with something to report, with what was found', () => {
    const ids = ['ok', 'lost', 'rerun', 'double'];
    const status = new Map<string, string | undefined>([['ok', 'done'], ['lost', 'running'], ['rerun', 'done'], ['double', 'done']]);
    const events = [end('ok', 1), end('rerun', 7), end('rerun', 2), end('double', 1), end('double', 2)];
    expect([...tasksFound(ids, status, events, new Set([7]))]).to.deep.equal([['lost', ['lost', 'stuck']], ['double', ['doubled']]]);
  });
});
