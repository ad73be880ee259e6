// Measuring a worker's memory without changing it: the worker process is started with a
// small module preloaded (NODE_OPTIONS=--require) that, on SIGUSR2, runs a full garbage
// collection and writes process.memoryUsage() to a file. Right after loading, a worker's RSS
// still counts garbage and moves by ±15 MB from one start to the next; after a full GC, the
// heap in use is what the held tasks really cost.
import fs from 'node:fs';
import path from 'node:path';

export interface MemorySample {
  rssBytes: number;
  heapUsedBytes: number;
}

const PROBE = `
const fs = require('fs');
const path = require('path');
require('v8').setFlagsFromString('--expose-gc');
const gc = require('vm').runInNewContext('gc');
process.on('SIGUSR2', () => {
  gc();
  gc();
  const file = path.join(process.env.AFTER_BENCH_MEMORY_DIR, 'memory-' + process.pid + '.json');
  fs.writeFileSync(file + '.tmp', JSON.stringify(process.memoryUsage()));
  fs.renameSync(file + '.tmp', file);
});
`;

const ANSWER_TIMEOUT_MS = 30_000;

export class MemoryProbe {
  private readonly probeFile: string;

  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.probeFile = path.join(dir, 'memory-probe.js');
    fs.writeFileSync(this.probeFile, PROBE);
  }

  /** The environment a worker process is started with to be measured. */
  env(): NodeJS.ProcessEnv {
    const nodeOptions = [process.env.NODE_OPTIONS, `--require ${this.probeFile}`].filter(Boolean).join(' ');
    return { NODE_OPTIONS: nodeOptions, AFTER_BENCH_MEMORY_DIR: this.dir };
  }

  /** Asks process `pid` for its memory after a full garbage collection. */
  async sample(pid: number): Promise<MemorySample> {
    const file = path.join(this.dir, `memory-${pid}.json`);
    fs.rmSync(file, { force: true });
    process.kill(pid, 'SIGUSR2');
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    while (!fs.existsSync(file)) {
      if (Date.now() > deadline) throw new Error(`worker ${pid} did not report its memory within ${ANSWER_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const usage = JSON.parse(fs.readFileSync(file, 'utf8')) as NodeJS.MemoryUsage;
    return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed };
  }
}
