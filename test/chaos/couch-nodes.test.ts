import { expect } from 'chai';
import { runCommand } from './couch-nodes';

describe('chaos: node commands', () => {
  it('resolves when the command exits with 0', async () => {
    await runCommand('true');
  });

  it('rejects with the exit code and the output, passwords hidden', async () => {
    const err = await runCommand('echo http://admin:pw@127.0.0.1:1 down; exit 3').then(() => null, (e: Error) => e);
    expect(err?.message).to.equal("'echo http://admin:***@127.0.0.1:1 down; exit 3' exited with 3: http://admin:***@127.0.0.1:1 down");
  });

  it('kills a command that takes longer than its time-out', async () => {
    const started = Date.now();
    const err = await runCommand('sleep 10', 200).then(() => null, (e: Error) => e);
    expect(err?.message).to.equal("'sleep 10' did not end within 0.2 s");
    expect(Date.now() - started).to.be.below(2000);
  });
});
