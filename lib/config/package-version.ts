// After's version, as package.json says.
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './config';

export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
