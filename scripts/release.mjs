#!/usr/bin/env node
// Builds, checks and packs the public packages for a release; publishing stays a maintainer's
// step (`npm publish release/*.tgz`). Prints each tarball's size and integrity, and the CDN
// snippet for attune-widget.js with its Subresource Integrity hash.
//   npm run release                          build, check (lockstep versions, package checks), pack into release/
//   npm run release -- --consumer            … and run the consumer test on the packed packages
//   npm run release -- --update-snippets     … and write the snippet's version and hash into the
//                                            README and the consumer test's script-tag page
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { packAll, publicPackages, root } from './packages.mjs';

const args = process.argv.slice(2);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const CDN = 'https://cdn.jsdelivr.net/npm';
/** Files holding the script-tag snippet; the consumer test checks they agree with the build. */
const SNIPPET_FILES = ['README.md', 'tools/consumer-test/script-tag/index.html'];

function step(label, command, commandArgs) {
  console.log(`\n▶ ${label}`);
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${label}`);
    process.exit(1);
  }
}

const packages = publicPackages();
const versions = new Set(packages.map((p) => p.manifest.version));
const fixed = JSON.parse(readFileSync(path.join(root, '.changeset', 'config.json'), 'utf8')).fixed?.[0] ?? [];
const unfixed = packages.map((p) => p.manifest.name).filter((name) => !fixed.includes(name));
if (versions.size !== 1 || unfixed.length > 0) {
  console.error(
    `Versions must be in lockstep: ${packages.map((p) => `${p.manifest.name}@${p.manifest.version}`).join(', ')}` +
      (unfixed.length > 0 ? `; not in .changeset/config.json "fixed": ${unfixed.join(', ')}` : ''),
  );
  process.exit(1);
}
const [version] = versions;

step('build', bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']);
step('size check', process.execPath, ['scripts/size.mjs']);
step('package checks (publint, attw, exports, files)', process.execPath, ['scripts/check-packages.mjs']);

const out = path.join(root, 'release');
rmSync(out, { recursive: true, force: true });
const packs = packAll(out);

const widget = path.join(root, 'packages', 'widget', 'dist', 'attune-widget.js');
const sri = `sha384-${createHash('sha384').update(readFileSync(widget)).digest('base64')}`;
const src = `${CDN}/@attune/widget@${version}/dist/attune-widget.js`;

if (args.includes('--update-snippets')) {
  const tag = /(<script type="module" src=")[^"]*\/@attune\/widget@[^/"]+\/dist\/attune-widget\.js("\s+integrity=")[^"]*(")/g;
  for (const file of SNIPPET_FILES) {
    const full = path.join(root, file);
    const text = readFileSync(full, 'utf8');
    const next = text.replace(tag, `$1${src}$2${sri}$3`);
    if (next === text && !text.includes(sri)) throw new Error(`${file}: no script-tag snippet to update`);
    writeFileSync(full, next);
    console.log(`updated ${file}`);
  }
}

if (args.includes('--consumer')) step('consumer test', process.execPath, ['--test', 'tools/consumer-test/consumer.test.mjs']);

console.log(`\nAttune ${version}, packed into ${path.relative(root, out)}/:`);
for (const { tarball } of packs) {
  const bytes = readFileSync(tarball);
  const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
  console.log(`  ${path.basename(tarball)}  ${(statSync(tarball).size / 1024).toFixed(1)} KB  ${integrity}`);
}
console.log(`\nScript tag (attune-widget.js, ${(statSync(widget).size / 1024).toFixed(1)} KB min):\n`);
console.log(`<script type="module" src="${src}"\n  integrity="${sri}" crossorigin="anonymous"></script>`);
console.log(`\nPublish (a maintainer's step, not done here): ${packs.map((p) => `npm publish ${path.relative(root, p.tarball)}`).join(' && ')}`);
