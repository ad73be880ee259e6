// Database creation as CouchDB 3 does it: server admins only, names checked, and every new
// database admin-only from its first moment.
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import type PouchDB from 'pouchdb';
import { getOrCreateDB } from 'express-pouchdb/lib/create-or-delete-dbs';
import { HttpError } from './errors';
import { sendJson } from './http-json';
import { adminOnlySecurity } from './security-objects';
import { isServerAdmin, userContextOf } from './user-context';

const SYSTEM_DATABASES = ['_users', '_replicator', '_global_changes'];
const VALID_NAME = /^[a-z][a-z0-9_$()+/-]*$/;

export class Databases {
  constructor(private readonly PouchDB: PouchDB.Constructor, private readonly dataDir: string) {}

  async exists(name: string): Promise<boolean> {
    return (await this.PouchDB.allDbs()).includes(name);
  }

  /** The shared PouchDB object of an existing database (express-pouchdb's cache), else null. */
  async open(name: string): Promise<PouchDB.Database | null> {
    if (!(await this.exists(name))) return null;
    return getOrCreateDB(this.PouchDB, name);
  }

  /** Creates `name` with `security`; false if it already existed. */
  async create(name: string, security: PouchDB.SecurityObject): Promise<boolean> {
    if (!VALID_NAME.test(name) && !SYSTEM_DATABASES.includes(name)) {
      throw new HttpError(400, 'illegal_database_name', `Name: '${name}'. Only lowercase characters (a-z), digits (0-9), and any of the characters _, $, (, ), +, -, and / are allowed. Must begin with a letter.`);
    }
    if (await this.exists(name)) return false;
    // LevelDB keeps a database in a directory; "a/b" needs its parent "a".
    if (name.includes('/')) fs.mkdirSync(path.dirname(path.join(this.dataDir, name)), { recursive: true });
    const db = await getOrCreateDB(this.PouchDB, name);
    await db.info();
    await db.putSecurity(security);
    return true;
  }
}

/** PUT /{db}. */
export function createDatabaseRouter(databases: Databases): Router {
  const router = express.Router();
  router.put('/:db', (req, res, next) => {
    if (!isServerAdmin(userContextOf(req))) {
      next(new HttpError(401, 'unauthorized', 'You are not a server admin.'));
      return;
    }
    const name = req.params.db;
    databases.create(name, adminOnlySecurity()).then((created) => {
      if (!created) {
        sendJson(res, 412, { error: 'file_exists', reason: 'The database could not be created, the file already exists.' });
        return;
      }
      res.setHeader('Location', `${req.protocol}://${req.get('host') ?? 'localhost'}/${encodeURIComponent(name)}`);
      sendJson(res, 201, { ok: true });
    }, next);
  });
  return router;
}
