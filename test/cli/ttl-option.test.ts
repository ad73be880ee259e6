// `--ttl DUR` as commander reads it (after submit, after start): the forms it takes, and usage errors.
import { expect } from 'chai';
import { InvalidArgumentError } from 'commander';
import { parseTtlMsOption, parseTtlOption } from '../../lib/cli/ttl-option';

describe('--ttl', () => {
  it('takes a short form, milliseconds, an ISO 8601 duration or a JSON duration object', () => {
    expect(parseTtlOption('7d')).to.deep.equal({ d: 7 });
    expect(parseTtlOption('1500ms')).to.deep.equal({ ms: 1500 });
    expect(parseTtlOption('86400000')).to.equal(86_400_000);
    expect(parseTtlOption('P7D')).to.equal('P7D');
    expect(parseTtlOption('{"hours": 12}')).to.deep.equal({ hours: 12 });
  });

  it('gives milliseconds for after start (what a process under pm2 is passed again)', () => {
    expect(parseTtlMsOption('7d')).to.equal(7 * 86_400_000);
    expect(parseTtlMsOption(String(parseTtlMsOption('PT90S')))).to.equal(90_000);
  });

  it('refuses anything else with what is accepted, or the rules\' message', () => {
    expect(() => parseTtlOption('soon')).to.throw(InvalidArgumentError, /^not a duration; use 30s, 15m/);
    expect(() => parseTtlOption('{days: 7}')).to.throw(InvalidArgumentError, /^not valid JSON/);
    expect(() => parseTtlOption('0')).to.throw(InvalidArgumentError, /^ttl 0 is not a delay; use a number of milliseconds > 0/);
    expect(() => parseTtlOption('{"foo": 1}')).to.throw(InvalidArgumentError, /^ttl \{"foo":1\} has unknown key 'foo'/);
    expect(() => parseTtlOption('P1X')).to.throw(InvalidArgumentError, /^ttl 'P1X' is not an ISO 8601 duration/);
  });
});
