import { expect } from 'chai';
import fc from 'fast-check';
import { copyWithout, withFields } from '../../lib/task/copy';

describe('copyWithout and withFields', () => {
  it('copy every own field but the omitted ones, and leave the source as it was', () => {
    const doc = JSON.parse('{"_id":"a","status":"running","lease":{"by":"p"},"job":{"name":"j","arguments":[1]}}');
    const copy = copyWithout(doc, ['lease']);
    expect(copy).to.deep.equal({ _id: 'a', status: 'running', job: { name: 'j', arguments: [1] } });
    expect(copy).to.not.equal(doc);
    expect(doc.lease).to.deep.equal({ by: 'p' });
  });

  it('keep a field named __proto__ as data: the copy\'s prototype is untouched and the field is written', () => {
    const doc = JSON.parse('{"_id":"a","__proto__":{"polluted":true},"status":"done"}');
    const copy = withFields(doc, { status: 'waiting' });
    expect(Object.getPrototypeOf(copy)).to.equal(Object.prototype);
    expect((copy as { polluted?: unknown }).polluted).to.equal(undefined);
    expect(JSON.parse(JSON.stringify(copy))).to.deep.equal(JSON.parse('{"_id":"a","__proto__":{"polluted":true},"status":"waiting"}'));
    expect(JSON.stringify(copy)).to.equal('{"_id":"a","__proto__":{"polluted":true},"status":"waiting"}');
  });

  it('give what object spread gives, for any JSON document', () => {
    fc.assert(fc.property(
      fc.dictionary(fc.string(), fc.jsonValue()),
      fc.dictionary(fc.string(), fc.jsonValue()),
      fc.array(fc.string(), { maxLength: 3 }),
      (rawDoc, rawFields, omit) => {
        // Through JSON, as documents come from the database: __proto__ is then an own field.
        const doc = JSON.parse(JSON.stringify(rawDoc)) as Record<string, unknown>;
        const fields = JSON.parse(JSON.stringify(rawFields)) as Record<string, unknown>;
        const expected: Record<string, unknown> = {};
        for (const key of Object.keys(doc)) if (!omit.includes(key)) Object.defineProperty(expected, key, { value: doc[key], enumerable: true, writable: true, configurable: true });
        for (const key of Object.keys(fields)) Object.defineProperty(expected, key, { value: fields[key], enumerable: true, writable: true, configurable: true });
        const copied = withFields(doc, fields, omit);
        expect(JSON.stringify(copied)).to.equal(JSON.stringify(expected));
      },
    ));
  });
});
