import { expect } from 'chai';
import { hidePasswords, parseCouchUrls, splitCredentials } from './couch-url';

describe('chaos: CouchDB node URLs', () => {
  it('hides the password of every URL in a text, and of credentials without a scheme', () => {
    expect(hidePasswords("argument 'http://admin:pw@127.0.0.1:25984,http://admin:s:e@c@127.0.0.1:25985' is invalid"))
      .to.equal("argument 'http://admin:***@127.0.0.1:25984,http://admin:***@127.0.0.1:25985' is invalid");
    expect(hidePasswords("argument 'admin:pw@127.0.0.1:5984' is invalid")).to.equal("argument 'admin:***@127.0.0.1:5984' is invalid");
  });

  it('leaves texts without a password as they are', () => {
    const line = '2026-12-02T20:14:27.541Z chaos: node 2 (http://admin@127.0.0.1:25985) up again; see http://127.0.0.1:5984/_up';
    expect(hidePasswords(line)).to.equal(line);
  });

  it('reads one URL or a comma-separated list of http:// URLs, and nothing else', () => {
    expect(parseCouchUrls('http://a:b@127.0.0.1:1, http://a:b@127.0.0.1:2,')).to.deep.equal(['http://a:b@127.0.0.1:1', 'http://a:b@127.0.0.1:2']);
    expect(parseCouchUrls('http://a:b@127.0.0.1:1')).to.deep.equal(['http://a:b@127.0.0.1:1']);
    for (const bad of ['', ' , ', 'a:b@127.0.0.1:1', 'https://a:b@couch.example', 'http://a:b@127.0.0.1:1,nope']) expect(parseCouchUrls(bad), bad).to.equal(null);
  });

  it('splits a URL into its origin and its decoded credentials', () => {
    expect(splitCredentials('http://admin:p%40ss@127.0.0.1:25984')).to.deep.equal({ origin: 'http://127.0.0.1:25984', auth: 'admin:p@ss' });
  });
});
