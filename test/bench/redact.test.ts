import { expect } from 'chai';
import { redactedArgv, withoutPasswords } from '../../bench/support/redact';

describe('bench: no password in what it prints or stores', () => {
  it('replaces the password of a --couch URL, in both flag forms', () => {
    expect(redactedArgv(['--couch', 'http://admin:s3cret@127.0.0.1:5984', '--quick']))
      .to.deep.equal(['--couch', 'http://admin:***@127.0.0.1:5984', '--quick']);
    expect(redactedArgv(['--couch=https://admin:p%40ss@couch.example:6984/'])).to.deep.equal(['--couch=https://admin:***@couch.example:6984/']);
  });

  it('replaces passwords inside messages, and leaves URLs without one as they are', () => {
    const message = 'after start failed: database http://after:hunter2@127.0.0.1:5984/tasks answered 500; see http://127.0.0.1:5984/_up';
    expect(withoutPasswords(message)).to.equal('after start failed: database http://after:***@127.0.0.1:5984/tasks answered 500; see http://127.0.0.1:5984/_up');
    expect(withoutPasswords('http://after@127.0.0.1:5984')).to.equal('http://after@127.0.0.1:5984');
  });
});
