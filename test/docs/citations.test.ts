// The sources cite the project's own documents by section (`docs/ARCHITECTURE.md, "Claims"`):
// every such citation names a section that exists, and none cites the design document that
// was never in the repository.
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SOURCE_FOLDERS = ['lib', 'test', 'bench'];

function filesUnder(folder: string, suffix: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(file, suffix);
    return entry.name.endsWith(suffix) ? [file] : [];
  });
}

/** The text of `file` with comment markers at line starts removed and white space folded: a citation may wrap. */
function flatText(file: string): string {
  return fs.readFileSync(file, 'utf8').replace(/\n\s*(\/\/|\*(?!\/))?/g, ' ').replace(/\s+/g, ' ');
}

/** The headings of docs/`name`, without their leading #s. */
function headings(name: string): string[] {
  return fs.readFileSync(path.join(ROOT, 'docs', name), 'utf8').split('\n')
    .filter((line) => line.startsWith('#')).map((line) => line.replace(/^#+\s*/, ''));
}

/** Every source, README and document, but this test's own source (its patterns are no citations). */
const SOURCES = [
  ...SOURCE_FOLDERS.flatMap((folder) => filesUnder(path.join(ROOT, folder), '.ts')),
  path.join(ROOT, 'README.md'),
  ...filesUnder(path.join(ROOT, 'docs'), '.md'),
].filter((file) => file !== path.join(ROOT, 'test', 'docs', 'citations.test.ts'));

describe('citations of the project\'s documents', () => {
  it('name sections that exist: docs/X.md, "a heading" (or the start of one)', () => {
    const missing: string[] = [];
    let count = 0;
    for (const file of SOURCES) {
      for (const [, doc, section] of flatText(file).matchAll(/docs\/([A-Z][A-Z0-9_-]*\.md),? "([^"]+)"/g)) {
        count += 1;
        const docPath = path.join(ROOT, 'docs', doc);
        if (!fs.existsSync(docPath)) missing.push(`${path.relative(ROOT, file)}: docs/${doc} does not exist`);
        else if (!headings(doc).some((heading) => heading.startsWith(section))) {
          missing.push(`${path.relative(ROOT, file)}: docs/${doc} has no section "${section}"`);
        }
      }
    }
    expect(missing).to.deep.equal([]);
    expect(count, 'citations found').to.be.greaterThan(10);
  });

  it('never cite DESIGN.md, which is not in the repository (docs/ARCHITECTURE.md is the design document)', () => {
    const citing = SOURCES.filter((file) => /\bDESIGN\.md/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(citing).to.deep.equal([]);
  });
});
