#!/usr/bin/env node
// Checks every public package as the registry would get it (`pnpm pack`, after the build):
//   • publint --strict (warnings fail too) and @arethetypeswrong/cli (profile esm-only: the
//     packages are ESM-only, so TypeScript's node16-ESM and bundler resolutions must work);
//   • every `exports` subpath resolves to shipped files, and every JavaScript subpath has types;
//   • what `files` ships: no tests or fixtures, every source map's sources are shipped (or
//     inlined), every `sourceMappingURL` exists, LICENSE and README are there;
//   • every `sideEffects` pattern matches a shipped file; no `workspace:` ranges and no exact
//     pins left in `dependencies` (a library pins nothing its host might share).
//   • lockstep: one version, every public package in the changesets "fixed" group, with a CHANGELOG.
// Generic over whatever the manifests say: nothing here lists subpaths or packages.
// Usage: node scripts/check-packages.mjs [--keep] [tarball.tgz …]   (no tarballs: pack them all)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packAll, publicPackages, root } from './packages.mjs';

const args = process.argv.slice(2);
const work = mkdtempSync(path.join(tmpdir(), 'attune-pack-check-'));
const tarballs = args.filter((a) => a.endsWith('.tgz')).map((t) => path.resolve(t));
const packs = tarballs.length > 0 ? tarballs : packAll(path.join(work, 'tarballs')).map((p) => p.tarball);

let passed = 0;
let failed = 0;

for (const tarball of packs) {
  const dir = path.join(work, path.basename(tarball, '.tgz'));
  mkdirSync(dir, { recursive: true });
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`cannot extract ${tarball}: ${untar.stderr}`);
  const pkgDir = path.join(dir, 'package');
  const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const files = listFiles(pkgDir);
  console.log(`\n${manifest.name}@${manifest.version}: ${files.length} files`);

  const report = (label, problems) => {
    if (problems.length === 0) {
      passed += 1;
      console.log(`  ok ${label}`);
    } else {
      failed += 1;
      console.log(`  FAIL ${label}`);
      for (const p of problems) console.log(`       ${p}`);
    }
  };

  const lint = await publint({ pkgDir, pack: false, strict: true, level: 'warning' });
  report(
    'publint --strict',
    lint.messages.map((m) => `${m.type}: ${formatMessage(m, lint.pkg, { color: false }) ?? m.code}`),
  );

  const attw = spawnSync(path.join(root, 'node_modules', '.bin', 'attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color', '--no-emoji'], {
    encoding: 'utf8',
  });
  report('attw --profile esm-only', attw.status === 0 ? [] : [`${attw.stdout}${attw.stderr}`.trim().replace(/\n/g, '\n       ')]);

  report('exports: every subpath resolves to shipped files and has types', checkExports(manifest, files));
  report('files: no tests, fixtures or dangling source maps; LICENSE and README shipped', checkFiles(pkgDir, files));
  report('sideEffects and dependency ranges', checkManifest(manifest, files));
}

if (tarballs.length === 0) {
  // Lockstep: one version for all public packages, all in the changesets `fixed` group.
  const packages = publicPackages();
  const fixed = JSON.parse(readFileSync(path.join(root, '.changeset', 'config.json'), 'utf8')).fixed?.[0] ?? [];
  const problems = [];
  if (new Set(packages.map((p) => p.manifest.version)).size !== 1)
    problems.push(`versions differ: ${packages.map((p) => `${p.manifest.name}@${p.manifest.version}`).join(', ')}`);
  for (const { manifest } of packages)
    if (!fixed.includes(manifest.name)) problems.push(`${manifest.name} is not in the "fixed" group of .changeset/config.json`);
  for (const { dir } of packages) if (!existsSync(path.join(dir, 'CHANGELOG.md'))) problems.push(`${path.relative(root, dir)}: no CHANGELOG.md`);
  console.log(`\nworkspace: ${problems.length === 0 ? 'ok' : 'FAIL'} lockstep versions, changesets fixed group, a CHANGELOG per package`);
  for (const p of problems) console.log(`       ${p}`);
  if (problems.length === 0) passed += 1;
  else failed += 1;
}

if (!args.includes('--keep')) rmSync(work, { recursive: true, force: true });
else console.log(`\nkept ${work}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/** Paths relative to the package root, with forward slashes. */
function listFiles(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/** A `*` pattern of `exports` or `sideEffects` as a RegExp over package-relative paths. */
function patternToRegExp(pattern) {
  const escaped = pattern
    .replace(/^\.\//, '')
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .split('**')
    .map((part) => part.replace(/\*/g, '[^/]*'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}

/** Leaves of one subpath's condition tree: [[conditions…], target]. */
function leaves(value, conditions = []) {
  if (typeof value === 'string') return [[conditions, value]];
  if (value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => leaves(v, conditions));
  return Object.entries(value).flatMap(([condition, v]) => leaves(v, [...conditions, condition]));
}

function checkExports(manifest, files) {
  const problems = [];
  const exportsField = manifest.exports;
  if (exportsField === undefined || typeof exportsField === 'string') return ['no exports map'];
  for (const [subpath, value] of Object.entries(exportsField)) {
    const targets = leaves(value);
    for (const [conditions, target] of targets) {
      const matches = files.filter((f) => patternToRegExp(target).test(f));
      if (matches.length === 0) problems.push(`${subpath} [${conditions.join('.') || 'default'}] → ${target}: no such file in the package`);
    }
    // What a bundler or Node loads (the custom source condition is for the workspace only).
    const runtime = targets.filter(
      ([conditions, target]) => !conditions.includes('types') && !conditions.some((c) => c.startsWith('@')) && /\.[mc]?js$/.test(target),
    );
    const types = targets.filter(([conditions]) => conditions.includes('types')).map(([, target]) => target);
    for (const [, target] of runtime) {
      const siblingTypes = target.replace(/\.([mc]?)js$/, '.d.$1ts');
      const typed =
        types.length > 0 ? types.some((t) => files.some((f) => patternToRegExp(t).test(f))) : files.some((f) => patternToRegExp(siblingTypes).test(f));
      if (!typed) problems.push(`${subpath} → ${target}: no types (add a "types" condition or ship ${siblingTypes})`);
    }
  }
  return problems;
}

function checkFiles(pkgDir, files) {
  const problems = [];
  for (const f of files) {
    if (/(^|\/)(test|tests|__tests__|fixtures?|__fixtures__)\//.test(f) || /\.(test|spec)\.[cm]?[jt]sx?$/.test(f))
      problems.push(`${f}: a test or fixture is shipped`);
  }
  for (const required of ['LICENSE', 'README.md', 'package.json']) if (!files.includes(required)) problems.push(`${required} is not shipped`);
  for (const f of files.filter((x) => /\.[mc]?js$/.test(x))) {
    const match = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(path.join(pkgDir, f), 'utf8'));
    if (!match || match[1].startsWith('data:')) continue;
    const map = path.posix.join(path.posix.dirname(f), match[1]);
    if (!files.includes(map)) problems.push(`${f}: sourceMappingURL ${match[1]} is not shipped`);
  }
  for (const f of files.filter((x) => x.endsWith('.map'))) {
    const map = JSON.parse(readFileSync(path.join(pkgDir, f), 'utf8'));
    const base = path.posix.join(path.posix.dirname(f), map.sourceRoot ?? '');
    map.sources.forEach((source, i) => {
      if (typeof map.sourcesContent?.[i] === 'string') return;
      const resolved = path.posix.normalize(path.posix.join(base, source));
      if (!files.includes(resolved)) problems.push(`${f}: source ${source} is neither shipped nor inlined`);
    });
  }
  return problems;
}

function checkManifest(manifest, files) {
  const problems = [];
  if (Array.isArray(manifest.sideEffects)) {
    for (const pattern of manifest.sideEffects) {
      const re = pattern.includes('/') ? patternToRegExp(pattern) : new RegExp(`(^|/)${patternToRegExp(pattern).source.slice(1)}`);
      if (!files.some((f) => re.test(f))) problems.push(`sideEffects: ${pattern} matches no shipped file`);
    }
  } else if (manifest.sideEffects !== false) problems.push('sideEffects: missing (say false, or list the files that define elements)');
  for (const field of ['dependencies', 'peerDependencies']) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (range.startsWith('workspace:')) problems.push(`${field}.${name}: ${range} was not replaced by pack`);
      else if (/^\d+\.\d+\.\d+$/.test(range) && !name.startsWith('@attune/'))
        problems.push(`${field}.${name}: exact pin ${range} (use a caret range; the lockfile pins what the workspace tests)`);
    }
  }
  if (!manifest.license) problems.push('license: missing');
  return problems;
}
