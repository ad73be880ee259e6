import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createLog, TurnBufferedWriter } from '../../lib/log';

const LOG_MODULE = path.resolve(__dirname, '../../lib/log.js');

describe('log', () => {
  it('writes the lines of one turn together, in order, on the next turn', async () => {
    const writes: string[] = [];
    const writer = new TurnBufferedWriter((text) => writes.push(text));
    const log = createLog('[w]', (text) => writer.write(text));
    log('one');
    log('two');
    expect(writes).to.deep.equal([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).to.have.length(1);
    expect(writes[0]).to.match(/^\S+Z \[w\] one\n\S+Z \[w\] two\n$/);
    log('three');
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).to.have.length(2);
    expect(writes[1]).to.match(/\[w\] three\n$/);
  });

  it('writes what is left when the process exits before the next turn', () => {
    const script = `const { createLog } = require(${JSON.stringify(LOG_MODULE)});
      const log = createLog('[x]');
      log('before exit');
      process.exit(3);`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(child.status).to.equal(3);
    expect(child.stdout).to.match(/^\S+Z \[x\] before exit\n$/);
  });
});
