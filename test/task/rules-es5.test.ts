// checkTask's source goes into CouchDB's validate_doc_update: it must be ES5 and stand alone.
import { expect } from 'chai';
import { parse } from 'acorn';
import vm from 'node:vm';
import { checkTask } from '../../lib/task/check-task';

const source = `(${checkTask.toString()})`;

describe('checkTask as installed in CouchDB', () => {
  it('parses as ES5', () => {
    expect(() => parse(source, { ecmaVersion: 5 })).not.to.throw();
  });

  it('uses no library call newer than ES5', () => {
    const newer = /\.(includes|startsWith|endsWith|padStart|padEnd|repeat|find|findIndex|fill|entries|values|assign|hasOwn|isInteger|isSafeInteger|isFinite|isNaN|from|of)\s*\(|\b(Map|Set|WeakMap|Symbol|Promise|Reflect|Proxy)\b/;
    expect(source).not.to.match(newer);
  });

  it('refers to nothing outside its own body', () => {
    const isolated = vm.runInNewContext(source, Object.create(null)) as typeof checkTask;
    const docs: unknown[] = [
      { worker: 'w', date: '2013-01-12T10:00:00+02:00', job: { name: 'j', arguments: [1] }, status: 'waiting', repeat: { d: 1 } },
      { worker: 'w', date: 1357984800000, job: 'j', repeat: 'P1Y2M3DT4H5M6.5S' },
      { worker: 'w', date: '2013-02-29', job: 'j' },
      { worker: 'w', date: 'soon', job: 'j' },
      { worker: 'w', date: 0, job: { arguments: [] } },
      { worker: 'w', date: 0, job: 'n'.repeat(201) },
      { worker: 'w', date: 0, job: 'j', status: 'nope' },
      { worker: 'w', date: 0, job: 'j', repeat: { foo: 3 } },
      { worker: 'w', date: 0, job: 'j', repeat: 'P1.5D' },
      { worker: 'w', date: 0, job: 'j', repeat: 'PT0S' },
      { worker: 'w', date: 0, job: 'j', repeat: 'P' },
      { _id: '_design/after' },
      { _deleted: true },
      null,
    ];
    for (const doc of docs) {
      // The isolated copy runs with the context's own Object, Array and JSON, as in CouchDB.
      const inContext = vm.runInNewContext(`(${JSON.stringify(doc)})`, Object.create(null)) as unknown;
      expect(isolated(inContext), JSON.stringify(doc)).to.equal(checkTask(doc));
    }
  });

  it('can be wrapped into a validate_doc_update function', () => {
    const validate = vm.runInNewContext(
      `(function (newDoc) { var reason = ${source}(newDoc); if (reason) throw { forbidden: reason }; })`,
      Object.create(null)) as (doc: unknown) => void;
    expect(() => validate({ worker: 'w', date: 0, job: 'j' })).not.to.throw();
    expect(() => validate({ worker: 'w', date: 'tomorrow-ish', job: 'j' })).to.throw().that.deep.equals({
      forbidden: "date 'tomorrow-ish' is not ISO 8601 (2013-01-12, 2013-01-12T10:00:00Z, 2013-01-12T10:00:00+02:00) or epoch milliseconds",
    });
  });
});
