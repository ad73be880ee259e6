// The special members of a document (`_` fields), refused as CouchDB 3 refuses them before
// PouchDB sees them: PouchDB answered 500 to an unknown one, stored `_rev_tree` and `_removed`,
// and an attachment without data (`"_attachments": {"a": {}}`) crashed the whole server.
import { HttpError, badRequest } from './errors';
import { isJsonObject } from './json-object';

/** The special members CouchDB 3.5 accepts in a document it is sent (measured on 3.5.0). */
const SPECIAL_MEMBERS = new Set([
  '_id', '_rev', '_deleted', '_attachments', '_conflicts', '_deleted_conflicts', '_local_seq', '_revs_info', '_revisions', '_access',
  '_replication_id', '_replication_state', '_replication_state_time', '_replication_state_reason', '_replication_stats',
]);

const badMember = (name: string): HttpError => new HttpError(400, 'doc_validation', `Bad special document member: ${name}`);

/** Why CouchDB would refuse `doc`'s special members, or null. */
export function specialMembersProblem(doc: Record<string, unknown>): HttpError | null {
  for (const name of Object.keys(doc)) {
    if (name.startsWith('_') && !SPECIAL_MEMBERS.has(name)) return badMember(name);
  }
  if (doc._revisions !== undefined && !isJsonObject(doc._revisions)) return badMember('_revisions');
  if (doc._attachments === undefined) return null;
  if (!isJsonObject(doc._attachments)) return badMember('_attachments');
  for (const [name, attachment] of Object.entries(doc._attachments)) {
    // A stub keeps an attachment the document has; anything else brings its data, base64.
    // CouchDB ignores an attachment that is not an object; refusing it keeps nothing from being lost unseen.
    const stub = isJsonObject(attachment) && attachment.stub === true;
    if (!stub && !(isJsonObject(attachment) && typeof attachment.data === 'string')) return badRequest(`Invalid attachment data for ${name}`);
  }
  return null;
}
