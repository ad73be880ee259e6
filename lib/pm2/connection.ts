// A connection to the pm2 daemon (started if none runs, in $PM2_HOME or ~/.pm2), always closed
// afterwards: an open connection keeps the CLI process alive.
import { fromCallback } from './callback';
import { Pm2Error } from './errors';
import { ensureUsablePm2Home, pm2Home } from './pm2-home';

export type Pm2 = typeof import('pm2');

// pm2 waits for ever when its daemon cannot start; a daemon that is there answers within a
// second, a new one within a few.
const CONNECT_TIMEOUT_MS = 20_000;

// Loaded on first use: requiring pm2 costs time and sets PM2_PROGRAMMATIC in process.env,
// which foreground workers would hand down to their jobs.
function loadPm2(): Pm2 {
  return require('pm2') as Pm2;
}

async function connect(pm2: Pm2): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Pm2Error(`pm2's daemon did not answer within ${CONNECT_TIMEOUT_MS / 1000} s; see its log: ${pm2Home()}/pm2.log`));
    }, CONNECT_TIMEOUT_MS);
  });
  try {
    await Promise.race([fromCallback<void>('connect to its daemon', (done) => pm2.connect((err) => done(err, undefined))), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `action` with a connected pm2 and disconnects whatever it did. */
export async function withPm2<T>(action: (pm2: Pm2) => Promise<T>): Promise<T> {
  ensureUsablePm2Home();
  const pm2 = loadPm2();
  await connect(pm2);
  try {
    return await action(pm2);
  } finally {
    pm2.disconnect();
  }
}
