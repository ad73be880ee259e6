import { expect } from 'chai';
import { InvalidArgumentError } from 'commander';
import { couchUrls, flagsConflict, shellCommand } from './chaos-flags';
import { nodeCommand } from './couch-nodes';

describe('chaos: flags', () => {
  it('refuses a --couch value that is not http:// URLs, without echoing it', () => {
    expect(() => couchUrls('admin:secret@127.0.0.1:5984')).to.throw(InvalidArgumentError, /^--couch takes an http:\/\/ URL/).and.not.match(/secret/);
    expect(couchUrls('http://a:b@127.0.0.1:1,http://a:b@127.0.0.1:2')).to.have.length(2);
  });

  it('refuses an empty node command', () => {
    expect(() => shellCommand('--node-stop')(' ')).to.throw(InvalidArgumentError, '--node-stop takes a shell command');
  });

  it('takes --node-stop and --node-start together, with --couch, naming the node on a cluster', () => {
    const cluster = ['http://a:b@127.0.0.1:1', 'http://a:b@127.0.0.1:2'];
    expect(flagsConflict(undefined, undefined, undefined)).to.equal(null);
    expect(flagsConflict(cluster, 'stop {n}', 'start {n}')).to.equal(null);
    expect(flagsConflict(cluster.slice(0, 1), 'systemctl stop couchdb', 'systemctl start couchdb')).to.equal(null);
    expect(flagsConflict(cluster, 'stop {n}', undefined)).to.equal('--node-stop and --node-start go together');
    expect(flagsConflict(undefined, 'stop {n}', 'start {n}')).to.equal('--node-stop and --node-start need --couch');
    expect(flagsConflict(cluster, 'stop', 'start {n}')).to.equal('--node-stop and --node-start must say which node with {n}');
  });

  it('puts the node number in place of every {n}', () => {
    expect(nodeCommand('/tmp/couch/restart-node.sh {n} stop && echo {n}', 2)).to.equal('/tmp/couch/restart-node.sh 2 stop && echo 2');
  });
});
