/**
 * The seed charts' YAML, byte for byte: refactorings of the library must not change what users
 * apply. A deliberate change of the output updates the golden files in the same commit
 * (`npm run synth && cp -r dist/*.k8s.yaml dist/carvel test/fixtures/golden/`), so the diff shows it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildApp } from '../main';
import { synthesize } from '../lib';

test('synthesize() writes the seed charts byte-identical to test/fixtures/golden', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-'));
  try {
    synthesize(buildApp(outdir));
    const golden = path.join(__dirname, 'fixtures', 'golden');
    // Every file, in subdirectories too (the Carvel package directory dist/carvel/).
    const tree = (d: string): string[] =>
      (fs.readdirSync(d, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(d, f)).isFile()).sort();
    const files = tree(golden);
    expect(tree(outdir)).toEqual(files);
    for (const f of files) {
      expect({
        file: f,
        same: fs.readFileSync(path.join(outdir, f)).equals(fs.readFileSync(path.join(golden, f))),
      }).toEqual({ file: f, same: true });
    }
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
