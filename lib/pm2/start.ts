// Starts a script under pm2 from an app definition.
import type { StartOptions } from 'pm2';
import { fromCallback } from './callback';
import type { Pm2 } from './connection';

/** pm2's start options, with the ones its type definitions leave out. */
export interface Pm2App extends StartOptions {
  name: string;
  script: string;
  /** false: SIGINT goes to the process only, which stops its own children. */
  treekill?: boolean;
}

export async function startProcess(pm2: Pm2, app: Pm2App): Promise<void> {
  await fromCallback<unknown>(`start '${app.name}'`, (done) => pm2.start(app, done));
}
