// `npm run bench`: measures After as users run it (the real `bin/after start` processes
// against the embedded server or a real CouchDB) and prints one table of medians, minima
// and maxima over runs; writes the raw numbers as JSON and the lateness chart as SVG.
import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { makeTempDir, removeTempDir } from '../test/support/temp-dir';
import { SCENARIOS } from './scenarios';
import { CEILING_FIGURE } from './scenarios/ceiling';
import { openBenchCouch, type BenchCouch } from './support/bench-couch';
import { Cleanup } from './support/cleanup';
import { renderLatenessChart } from './support/lateness-chart';
import { describeMachine, machineLine } from './support/machine';
import { FigureCollector, writeResultsJson, type BenchResults } from './support/results';
import type { Scenario, ScenarioContext } from './support/scenario';
import { median } from './support/stats';
import { formatTable } from './support/table';
import { redactedArgv, withoutPasswords } from './support/redact';
import { untilIdle } from './support/idle-couch';

const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'bench', 'results');
/** Scenarios whose figures are taken against the ceiling, which then runs with them. */
const NEEDS_CEILING = new Set(['throughput']);

interface BenchOptions {
  couch?: string;
  /** The external CouchDB's process id (its Erlang VM, beam.smp), for its CPU time. */
  couchPid: number | null;
  json: string;
  only: Scenario[];
  runs: number;
  scale: number;
  pending: number;
  /** Node flags for every server and worker process started (--cpu-prof). */
  nodeArgs: string[];
  /** Given to every `after setup`: ['--dashboard'] with --dashboard-views. */
  setupArgs: string[];
}

function positiveInteger(flag: string): (value: string) => number {
  return (value) => {
    const number = Number(value.replace(/_/g, ''));
    if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError(`${flag} takes a whole number >= 1`);
    return number;
  };
}

function scenarioList(value: string): Scenario[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new InvalidArgumentError(`unknown scenario ${unknown.join(', ')}; the scenarios are ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  const wanted = new Set(names);
  if ([...wanted].some((name) => NEEDS_CEILING.has(name))) wanted.add('ceiling');
  return SCENARIOS.filter((scenario) => wanted.has(scenario.name));
}

function parseOptions(argv: string[]): BenchOptions {
  const program = new Command('run-bench')
    .description('measure After: throughput, lateness, memory, catch-up and processes against the same server\'s _bulk_docs ceiling')
    .option('--couch <url>', 'a real CouchDB, http://admin:password@host:5984 (default: the embedded server in a temporary directory)')
    .option('--couch-pid <pid>', 'with --couch on this machine: the PID of its Erlang VM (beam.smp), to report its CPU time per task', positiveInteger('--couch-pid'))
    .option('--json <file>', 'where the raw results go (the chart goes next to it, the same name ending .svg)', path.join(RESULTS_DIR, 'latest.json'))
    .option('--only <names>', `comma-separated scenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`, scenarioList)
    .option('--runs <n>', 'runs per scenario (default 3; 1 with --quick)', positiveInteger('--runs'))
    .option('--quick', 'every scenario at a tenth of its size, one run: a smoke test')
    .option('--cpu-prof <dir>', 'write a V8 CPU profile of the embedded server and of every worker process into <dir> (node --cpu-prof)')
    .option('--pending <n>', 'the memory scenario\'s largest number of pending tasks (default 1,000,000; 10,000 with --quick)', positiveInteger('--pending'))
    .option('--dashboard-views', 'install the dashboard\'s views too (after setup --dashboard) in every database: what they cost the workers')
    .addHelpText('after', `\nScenarios:\n${SCENARIOS.map((s) => `  ${s.name.padEnd(11)} ${s.title}`).join('\n')}`)
    .parse(argv, { from: 'user' });
  const flags = program.opts<{ couch?: string; couchPid?: number; json: string; only?: Scenario[]; runs?: number; quick?: boolean; pending?: number; cpuProf?: string; dashboardViews?: boolean }>();
  const scale = flags.quick ? 0.1 : 1;
  return {
    couch: flags.couch,
    couchPid: flags.couchPid ?? null,
    json: path.resolve(flags.json),
    only: flags.only ?? [...SCENARIOS],
    runs: flags.runs ?? (flags.quick ? 1 : 3),
    scale,
    // A hundredth, not a tenth, with --quick: each worker start makes the embedded server
    // index the new tasks at about 5 ms each, and 100,000 of them would take 8 minutes.
    pending: flags.pending ?? (flags.quick ? 10_000 : 1_000_000),
    nodeArgs: flags.cpuProf === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', path.resolve(flags.cpuProf)],
    setupArgs: flags.dashboardViews ? ['--dashboard'] : [],
  };
}

/** The flags that change what is measured (not where the results go), for the chart. */
function chartFlags(argv: readonly string[]): string {
  const shown = argv.filter((arg, index) => arg !== '--json' && argv[index - 1] !== '--json' && !arg.startsWith('--json='));
  return shown.length > 0 ? shown.join(' ') : '(none)';
}

function progress(line: string): void {
  process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
}

async function main(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  // What is printed and stored: never a password.
  const shownArgv = redactedArgv(argv);
  const cleanup = new Cleanup();
  const interrupted = (signal: NodeJS.Signals): void => {
    progress(`${signal}: stopping every process the bench started`);
    void cleanup.runAll(progress).finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const rootDir = makeTempDir('after-bench-');
  cleanup.defer('remove the temporary directory', () => removeTempDir(rootDir));
  const startedAt = new Date().toISOString();
  try {
    const probe = await openBenchCouch(options.couch, cleanup, [], options.couchPid);
    const machine = await describeMachine(probe.client, options.couch === undefined);
    await probe.close();
    progress(machineLine(machine));
    const collector = new FigureCollector();
    const lateness: Record<string, number[][]> = {};
    const failures: BenchResults['failures'] = [];
    let ceilingUpdatesPerSecond: number | null = null;

    for (const scenario of options.only) {
      for (let run = 1; run <= options.runs; run += 1) {
        const dir = path.join(rootDir, `${scenario.name}-${run}`);
        fs.mkdirSync(dir);
        const openCouch = (): Promise<BenchCouch> => openBenchCouch(options.couch, cleanup, options.nodeArgs, options.couchPid, options.setupArgs);
        const couch = await openCouch();
        const context: ScenarioContext = {
          couch, openCouch, nodeArgs: options.nodeArgs, run, scale: options.scale, pending: options.pending, ceilingUpdatesPerSecond, dir, cleanup, progress,
        };
        progress(`${scenario.name}, run ${run} of ${options.runs}`);
        const began = Date.now();
        try {
          const result = await scenario.run(context);
          collector.add(scenario.name, result.measurements);
          if (result.lateness) (lateness[scenario.name] ??= []).push(result.lateness);
          progress(`${scenario.name}, run ${run}: ${((Date.now() - began) / 1000).toFixed(1)} s`);
        } catch (err) {
          const message = withoutPasswords(err instanceof Error ? err.message : String(err));
          failures.push({ scenario: scenario.name, run, message });
          progress(`${scenario.name}, run ${run} FAILED: ${message.split('\n')[0].slice(0, 300)}`);
        } finally {
          await couch.close();
        }
        if (options.couch !== undefined && !(await untilIdle(couch.client))) progress('the database was still busy two minutes after the run; going on');
      }
      if (scenario.name === 'ceiling') {
        const values = collector.values('ceiling', CEILING_FIGURE);
        ceilingUpdatesPerSecond = values.length > 0 ? median(values) : null;
      }
    }

    const figures = collector.results();
    const flags = shownArgv.length > 0 ? shownArgv.join(' ') : '(none)';
    process.stdout.write(`\n${machineLine(machine)}\nflags: ${flags}; ${options.runs} run(s) per scenario\n\n${formatTable(figures)}\n`);
    for (const failure of failures) process.stdout.write(`\nFAILED ${failure.scenario} run ${failure.run}: ${failure.message}\n`);

    writeResultsJson(options.json, {
      machine, flags: shownArgv, runs: options.runs, startedAt, finishedAt: new Date().toISOString(), figures, lateness, failures,
    });
    process.stdout.write(`\nresults: ${options.json}\n`);
    const series = Object.entries(lateness).map(([label, runs]) => ({ label, samples: runs.flat() }));
    if (series.length > 0) {
      // Named after the JSON file, so that runs against two databases keep their own charts.
      const chartFile = options.json.replace(/(\.json)?$/, '.svg');
      const subtitle = `${machine.cores} cores, Node ${machine.node}, ${machine.database}; flags: ${chartFlags(shownArgv)}`;
      fs.writeFileSync(chartFile, renderLatenessChart(series, 'After: when jobs start, relative to their task date', subtitle));
      process.stdout.write(`lateness chart: ${chartFile}\n`);
    }
    return failures.length > 0 ? 1 : 0;
  } finally {
    await cleanup.runAll(progress);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`bench: ${withoutPasswords(err instanceof Error ? err.message : String(err))}\n`);
    process.exit(1);
  },
);
