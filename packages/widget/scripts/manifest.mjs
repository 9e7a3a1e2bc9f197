// Generates packages/widget/custom-elements.json from the elements' JSDoc
// (@summary, @slot, @csspart, @cssproperty, @event):
//   node packages/widget/scripts/manifest.mjs   (from the repository root)
import { execFileSync } from 'node:child_process';

const root = new URL('../../../', import.meta.url).pathname;
execFileSync(
  `${root}node_modules/.bin/cem`,
  ['analyze', '--litelement', '--globs', 'packages/widget/src/components/**/*.component.ts', 'packages/widget/src/internal/attune-element.ts', '--outdir', 'packages/widget'],
  { cwd: root, stdio: 'inherit' },
);
