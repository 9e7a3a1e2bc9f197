// Generates packages/widget/custom-elements.json from the elements' JSDoc
// (@summary, @slot, @csspart, @cssproperty, @event):
//   node packages/widget/scripts/manifest.mjs
// Runs inside the package so the analyzer records the manifest in this package's
// package.json ("customElements"), not the workspace root's.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const cem = fileURLToPath(new URL('../../../node_modules/.bin/cem', import.meta.url));
execFileSync(cem, ['analyze', '--litelement', '--globs', 'src/components/**/*.component.ts', 'src/internal/attune-element.ts', '--outdir', '.'], {
  cwd: pkg,
  stdio: 'inherit',
});
