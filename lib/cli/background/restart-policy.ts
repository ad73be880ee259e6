// How pm2 restarts After's processes: a crash restarts at once; a process that dies within
// MIN_UPTIME_MS of starting MAX_RESTARTS times in a row (a refused login, a port in use) is left
// `errored` for the user to read its log (`after log`), instead of restarting for ever. pm2
// counts such restarts during the first MIN_UPTIME_MS × MAX_RESTARTS after `start`, which is
// when a config mistake shows.
//
// No restart_delay or exp_backoff_restart_delay: with either, pm2 7.0.4 shows a process it gave
// up on as `waiting restart` for ever instead of `errored`.
import type { StartOptions } from 'pm2';

const MIN_UPTIME_MS = 5_000;
const MAX_RESTARTS = 5;

export const RESTART_POLICY: Pick<StartOptions, 'autorestart' | 'min_uptime' | 'max_restarts'> = {
  autorestart: true,
  min_uptime: MIN_UPTIME_MS,
  max_restarts: MAX_RESTARTS,
};
