// How After's background processes are named in pm2: `after-<worker name>`, and `after-db` for
// the embedded database. `after stop|log|clean` take the part after the prefix.

export const PM2_PREFIX = 'after-';
/** The name `after stop|log|clean|list` use for the embedded database. */
export const DATABASE = 'db';

export function pm2NameOf(name: string): string {
  return `${PM2_PREFIX}${name}`;
}

/** The After name of a pm2 process, or null when After did not start it. */
export function afterNameOf(pm2Name: string): string | null {
  return pm2Name.startsWith(PM2_PREFIX) && pm2Name.length > PM2_PREFIX.length ? pm2Name.slice(PM2_PREFIX.length) : null;
}

/** "worker 'manobi'", or "the database". */
export function describeName(name: string): string {
  return name === DATABASE ? 'the database' : `worker '${name}'`;
}
