// A run: from a claim that holds to the outcome written. It waits at the due gate for the
// task's millisecond, calls the job with its lease kept and its timeout set, and writes the
// outcome in the task's lane, a batch of outcomes per turn (see Turns).
import { DueGate } from '../clock/due-gate';
import { Turns } from '../clock/turns';
import { MAX_BATCH } from '../db/bulk-writer';
import type { JobInput, JobOutcome } from '../jobs/types';
import { isChain } from '../task/chain';
import { withFields } from '../task/copy';
import { jobArguments, jobName, type ChainStep, type TaskDoc } from '../task/types';
import { orInvalid, type Actions } from './act';
import { startProgress, withChainProgress, type ChainProgress } from './chain-progress';
import { runChain } from './chain-run';
import { isClaimedBy } from './claim-check';
import { later, type HeldTask, type RunState, type WorkerContext } from './context';
import { messageOf } from '../log';
import type { LeaseKeeper } from './lease-keeper';
import { LOSERS_SETTLE_MS, UNHURRIED_WRITE_MS } from './timing';
import { toFinished, toHandedBack, type RunTiming } from './transitions';

export class Runner {
  private readonly dueGate: DueGate;
  /** Outcomes are handled a batch a turn, so that the first batch is written while the rest are prepared (see Turns). */
  private readonly finishing: Turns;

  /** `releaseSlot`: the run's slot is free (see SlotQueue.release). */
  constructor(private readonly context: WorkerContext, private readonly actions: Actions,
    private readonly leases: LeaseKeeper, private readonly releaseSlot: () => void) {
    this.dueGate = new DueGate(context.time);
    this.finishing = new Turns(MAX_BATCH, context.time);
  }

  /** Starts the run of a task whose claim holds; it holds a slot until its job ends. */
  start(id: string, task: HeldTask): void {
    const { context } = this;
    const abort = new AbortController();
    const run: RunState = { abort, jobStarted: false, settled: Promise.resolve() };
    task.run = run;
    run.settled = (async () => {
      // A stop aborts the runs waiting here for their date, and a run whose claim landed after
      // the stop began does not start: both are handed back. No job starts once a stop has
      // begun, so none can outlive the process with its outcome unwritten.
      if (!context.stopping) await this.dueGate.wait(task.dueMs, abort.signal);
      if (abort.signal.aborted || context.stopping || context.time.now() < task.dueMs) {
        await this.dropUnstarted(id, task);
        return;
      }
      run.jobStarted = true;
      const doc = task.doc;
      this.leases.keep(id);
      const startedMs = context.time.now();
      const outcome = isChain(doc.job) ? await this.runChain(id, doc, doc.job, run)
        : await this.runJob({ id, date: doc.date, name: jobName(doc.job), arguments: jobArguments(doc.job), doc, signal: abort.signal }, abort);
      this.leases.release(id);
      // The job is over: its slot goes to the next task while the outcome is written.
      this.releaseSlot();
      const finishedMs = context.time.now();
      await this.finishing.next();
      await context.lanes.run(id, () => this.finish(id, outcome, { startedMs, finishedMs, by: context.processId }, run.progress));
    })();
  }

  /** Runs one job: a task's, or a chain's step. Its `timeout` (the task's, else the job's own) aborts it. Never rejects. */
  private runJob(input: JobInput, abort: AbortController): Promise<JobOutcome> {
    const { context } = this;
    const timeoutMs = typeof input.doc.timeout === 'number' ? input.doc.timeout : context.jobs.defaultTimeout(input.name);
    const timeout = timeoutMs === undefined ? undefined
      : context.time.setTimeout(() => abort.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    const running = context.jobs.run(input).catch((err: unknown): JobOutcome => ({ kind: 'error', message: messageOf(err) }));
    if (timeoutMs === undefined) return running;
    return running.then((outcome) => {
      context.time.clearTimeout(timeout);
      return outcome;
    });
  }

  /**
   * Runs a chain's steps from where it resumes, each as a job of its own (its own time-out),
   * given the previous step's result and the document with the chain's progress. A failing
   * step ends the run: a cancel, a stop or a time-out aborts the step running.
   */
  private runChain(id: string, doc: TaskDoc, steps: readonly ChainStep[], run: RunState): Promise<JobOutcome> {
    const progress = startProgress(doc, steps);
    run.progress = progress;
    return runChain(steps, progress, (step, _index, previous) => {
      const stepDoc = withFields(withChainProgress(doc, progress), { previous });
      return this.runJob({ id, date: doc.date, name: step.name, arguments: step.arguments, previous, doc: stepDoc, signal: run.abort.signal }, run.abort);
    });
  }

  /** A run claimed but never started: a stop hands the task back, and a user's change (a cancel, a reschedule) is decided afresh. */
  private async dropUnstarted(id: string, task: HeldTask): Promise<void> {
    this.releaseSlot();
    await this.context.lanes.run(id, async () => {
      task.run = undefined;
      await (this.context.stopping ? this.actions.handBack(id) : this.actions.reconsider(id));
    });
  }

  /** `ranProgress`: a chain's, recorded with the outcome (a handed-back chain resumes at its step). */
  private async finish(id: string, ran: JobOutcome, timing: RunTiming, ranProgress: ChainProgress | undefined): Promise<void> {
    const { context, actions } = this;
    const task = context.held.get(id);
    if (!task) return;
    let base = task.doc;
    let outcome = ran;
    let progress = ranProgress;
    // A job the stop cut short (its grace period over) is handed back. One that got to its end
    // is recorded: handed back, it would run again.
    const handBack = context.handingBack && outcome.kind === 'error';
    for (;;) {
      const recorded = progress === undefined ? base : withChainProgress(base, progress);
      const next = handBack ? toHandedBack(recorded) : orInvalid(base, timing.finishedMs, () => toFinished(recorded, outcome, timing));
      const result = await context.store.write(next, UNHURRIED_WRITE_MS);
      if (result.ok) {
        task.run = undefined;
        const written = withFields(next, { _rev: result.rev });
        task.doc = written;
        this.logOutcome(id, written, outcome, timing, handBack);
        if (!handBack) context.onOutcome?.(written, outcome);
        const losersToRemove = task.conflicted === true;
        if (written.status === 'waiting' && !context.stopping) await actions.apply(written, true);
        else actions.forget(id);
        // Not at once: a copy that gets the removal before our outcome shows the task deleted
        // (a quorum read saw it so, in 2 of 500 tasks). Read again once the outcome has reached
        // every copy; a finished task's losing leaves are removed then (see Actions.apply).
        if (losersToRemove) later(context, LOSERS_SETTLE_MS, () => context.lanes.run(id, () => actions.reconsider(id)));
        return;
      }
      if (!result.conflict) {
        if (!handBack && outcome === ran) {
          // A result over the database's document size, say: the run is recorded as failed,
          // without it, so that the task does not stay `running` and run again when its lease ends.
          context.log(`task ${id}: the database refused its outcome (${result.reason}); recording the run as failed, without its result`);
          outcome = { kind: 'error', message: `the database refused this run's outcome, so its result was not kept: ${result.reason}` };
          base = withoutResult(base);
          // A chain's results go with it: the run counts against the step the document holds.
          progress = undefined;
          continue;
        }
        task.run = undefined;
        actions.forget(id);
        context.log(`task ${id}: the database refused its outcome: ${result.reason}; it stays as it is until its lease ends`);
        return;
      }
      const read = await context.store.read(id, 'every-leaf');
      if (read && isClaimedBy(read.doc, context.processId)) {
        base = read.doc; // someone edited other fields while it ran: keep their edit, add our outcome
        continue;
      }
      task.run = undefined;
      await actions.decideAgain(id, read);
      return;
    }
  }

  private logOutcome(id: string, written: TaskDoc, outcome: JobOutcome, timing: RunTiming, handedBack: boolean): void {
    const { log } = this.context;
    const took = `${timing.finishedMs - timing.startedMs} ms`;
    const name = jobName(written.job);
    if (handedBack) log(`task ${id} (${name}) handed back unfinished after ${took}`);
    else if (outcome.kind === 'error') log(`task ${id} (${name}) failed after ${took}: ${outcome.message}`);
    else log(`task ${id} (${name}) ${outcome.kind === 'later' ? 'asked to run later' : 'done'} in ${took}` +
      (written.status === 'waiting' ? `; next run ${String(written.date)}` : ''));
  }
}

/** `doc` without the result of an earlier run. */
function withoutResult(doc: TaskDoc): TaskDoc {
  const { result: _result, ...rest } = doc;
  return rest as TaskDoc;
}
