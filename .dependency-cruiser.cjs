// The embedded server's fence (docs/ARCHITECTURE.md, "The embedded server and its fence").
//
// lib/server (after db: PouchDB Server parts) and the scheduler (the rest of lib/) share no
// code and no packages: neither imports the other, and HTTP is the only contract between
// them. One crossing is allowed: `after db` (lib/cli/commands/db.ts) loads startServer from
// lib/server/server.ts with a dynamic import(), so that only that command loads the server's
// code and packages. Node's own modules are shared; nothing else is.
//
// `npm run fence` checks lib/; `npm run build` runs it first (prebuild), so a crossing fails
// the build, `npm test` and .ci/run. test/server/fence.test.ts proves each rule fails.

/** The packages only the embedded server uses. */
const SERVER_PACKAGES = ['express', 'express-pouchdb', 'pouchdb', 'pouchdb-[a-z-]+', 'leveldown', 'couchdb-eval'];
/** The packages only the scheduler uses. */
const SCHEDULER_PACKAGES = ['nano', 'pm2', 'commander', 'moment', 'moment-timezone', 'croner'];

/** A resolved path in one of `names`'s folders under node_modules (their @types too). */
const packagesPath = (names) => `(^|/)node_modules/(@types/)?(${names.join('|')})/`;

const SERVER = '^lib/server/';
const SCHEDULER = '^lib/(?!server/)';
const ENTRY = '^lib/cli/commands/db\\.ts$';
const START = '^lib/server/server\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'scheduler-imports-server',
      comment: 'The scheduler does not import lib/server: it reaches the database over HTTP only. ' +
        'The one way in is `after db`\'s dynamic import of lib/server/server.ts (lib/cli/commands/db.ts).',
      severity: 'error',
      from: { path: SCHEDULER, pathNot: ENTRY },
      to: { path: SERVER },
    },
    {
      name: 'db-command-imports-more-of-server',
      comment: 'lib/cli/commands/db.ts may import lib/server/server.ts, and nothing else of lib/server.',
      severity: 'error',
      from: { path: ENTRY },
      to: { path: SERVER, pathNot: START },
    },
    {
      name: 'db-command-imports-server-statically',
      comment: 'lib/cli/commands/db.ts imports lib/server/server.ts with await import(), so that the other ' +
        'commands (a worker, after status) do not load the server and its packages.',
      severity: 'error',
      from: { path: ENTRY },
      to: { path: START, dependencyTypesNot: ['dynamic-import'] },
    },
    {
      name: 'server-imports-scheduler',
      comment: 'lib/server does not import the rest of lib/: what it needs of the scheduler comes in startServer\'s options.',
      severity: 'error',
      from: { path: SERVER },
      to: { path: SCHEDULER },
    },
    {
      name: 'scheduler-imports-server-packages',
      comment: `The scheduler does not use the embedded server's packages (${SERVER_PACKAGES.join(', ')}).`,
      severity: 'error',
      from: { path: SCHEDULER },
      to: { path: packagesPath(SERVER_PACKAGES) },
    },
    {
      name: 'server-imports-scheduler-packages',
      comment: `The embedded server does not use the scheduler's packages (${SCHEDULER_PACKAGES.join(', ')}).`,
      severity: 'error',
      from: { path: SERVER },
      to: { path: packagesPath(SCHEDULER_PACKAGES) },
    },
    {
      name: 'no-circular',
      comment: 'Imports go one way (docs/ARCHITECTURE.md, "The parts"): no module reaches itself through its imports, type imports included.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import the cruiser cannot resolve could hide a crossing.',
      severity: 'error',
      from: { path: '^lib/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
