// pm2's API is callback-based; this turns one call into a promise with a Pm2Error on failure.
import { Pm2Error, pm2Reason } from './errors';

export function fromCallback<T>(what: string, invoke: (done: (err: unknown, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    invoke((err, value) => {
      if (err) reject(new Pm2Error(`pm2 could not ${what}: ${pm2Reason(err).split('\n')[0]}`));
      else resolve(value);
    });
  });
}
