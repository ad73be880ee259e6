// Workers reconnect: a continuous feed whose client goes away must be cancelled with its
// heartbeat. The stock server burned >100 % CPU and 236 MB after 1,300 dropped feeds.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { couchRequest } from '../support/couch-request';
import { startEmbeddedDb, type EmbeddedDb } from '../support/embedded-db';
import { openFeed } from './feed-client';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString()) || 100;

/** CPU seconds (user + system) the process has used. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function rssMegabytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

async function idleCpuPercent(pid: number, windowMs: number): Promise<number> {
  const before = cpuSeconds(pid);
  await sleep(windowMs);
  return ((cpuSeconds(pid) - before) / (windowMs / 1000)) * 100;
}

describe('embedded server: dropped continuous feeds', function () {
  this.timeout(120_000);
  let server: EmbeddedDb;
  const admin = 'after:after';
  const openFeeds = async (): Promise<number> =>
    (await couchRequest(server.plainUrl, 'GET', '/_node/_local/_stats/couchdb/httpd/clients_requesting_changes', { auth: admin })).json.value as number;

  before(async () => {
    server = await startEmbeddedDb();
  });

  after(async () => {
    await server.stop();
  });

  async function dropFeeds(count: number, concurrency: number): Promise<void> {
    for (let done = 0; done < count; done += concurrency) {
      await Promise.all(Array.from({ length: Math.min(concurrency, count - done) }, async (_, index) => {
        const selector = (done + index) % 2 === 0;
        const feed = await openFeed(
          server.plainUrl,
          `/tasks/_changes?feed=continuous&since=now&heartbeat=500${selector ? '&filter=_selector' : ''}`,
          selector ? { auth: admin, method: 'POST', body: { selector: { worker: 'w' } } } : { auth: admin },
        );
        expect(feed.status).to.equal(200);
        feed.destroy();
      }));
    }
  }

  async function untilNoOpenFeeds(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await openFeeds()) !== 0) {
      if (Date.now() > deadline) throw new Error(`${await openFeeds()} feeds still open 10 s after their clients left`);
      await sleep(50);
    }
  }

  it('counts an open feed while its client is there, and not after it leaves', async () => {
    const feed = await openFeed(server.plainUrl, '/tasks/_changes?feed=continuous&since=now&heartbeat=500', { auth: admin });
    expect(await openFeeds()).to.equal(1);
    feed.destroy();
    await untilNoOpenFeeds();
  });

  it('cancels 1,000 dropped feeds: none left open, idle CPU and memory back to normal, writes still fast', async () => {
    await dropFeeds(50, 25);
    await untilNoOpenFeeds();
    await sleep(500);
    const rssBefore = rssMegabytes(server.pid);

    await dropFeeds(1000, 50);
    await untilNoOpenFeeds();
    // Several heartbeat periods: leaked heartbeats or feeds would be working now.
    const cpu = await idleCpuPercent(server.pid, 3000);
    const rssGrowth = rssMegabytes(server.pid) - rssBefore;
    expect(cpu, 'idle CPU %').to.be.below(20);
    expect(rssGrowth, 'RSS growth in MB').to.be.below(50);

    const timings: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const started = Date.now();
      const answer = await couchRequest(server.plainUrl, 'POST', '/tasks', { auth: admin, body: { worker: 'w', i } });
      expect(answer.status).to.equal(201);
      timings.push(Date.now() - started);
    }
    timings.sort((a, b) => a - b);
    expect(timings[2], 'median POST ms').to.be.below(150);
  });

  it('says nothing of a POST whose client went away before its body was read (a worker\'s stop aborts its longpoll)', async () => {
    const port = Number(new URL(server.plainUrl).port);
    const body = JSON.stringify({ selector: { worker: 'w' } });
    for (let i = 0; i < 50; i += 1) {
      await new Promise<void>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.write(`POST /tasks/_changes?feed=longpoll&timeout=5000 HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
            `Authorization: Basic ${Buffer.from(admin).toString('base64')}\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${body.length}\r\n\r\n${i % 2 === 0 ? body : ''}`);
          socket.destroy();
          resolve();
        });
      });
    }
    await sleep(500);
    expect(server.output()).to.not.match(/_changes\S* failed:/);
  });
});
