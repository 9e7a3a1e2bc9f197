// Generates packages/widget/custom-elements.json from the elements' JSDoc
// (@summary, @slot, @csspart, @cssproperty, @event):
//   node packages/widget/scripts/manifest.mjs           writes it
//   node packages/widget/scripts/manifest.mjs --check   fails (exit 1) when the committed one is stale, changing nothing
// Runs inside the package so the analyzer records the manifest in this package's
// package.json ("customElements"), not the workspace root's.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const cem = fileURLToPath(new URL('../../../node_modules/.bin/cem', import.meta.url));
const files = ['custom-elements.json', 'package.json'].map((name) => fileURLToPath(new URL(`../${name}`, import.meta.url)));
const check = process.argv.includes('--check');
const before = files.map((file) => readFileSync(file, 'utf8'));

execFileSync(cem, ['analyze', '--litelement', '--globs', 'src/components/**/*.component.ts', 'src/internal/attune-element.ts', '--outdir', '.'], {
  cwd: pkg,
  stdio: check ? 'pipe' : 'inherit',
});

if (check) {
  const after = files.map((file) => readFileSync(file, 'utf8'));
  files.forEach((file, i) => writeFileSync(file, before[i]));
  if (after[0] !== before[0]) {
    console.error('packages/widget/custom-elements.json is stale: run `node packages/widget/scripts/manifest.mjs` and commit it.');
    process.exit(1);
  }
  console.log('custom-elements.json is current.');
}
