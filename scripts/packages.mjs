// The published packages of the workspace, and packing them as the registry would get them.
// Shared by the package checks, the consumer test and the release script, so all three look
// at the same tarballs. Private packages (examples, tools, the server) are never packed.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const PNPM = 'pnpm@9.15.9';

/** @returns {{ dir: string, manifest: Record<string, any> }[]} every non-private package under packages/ */
export function publicPackages() {
  const base = path.join(root, 'packages');
  return readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(base, entry.name, 'package.json')))
    .map((entry) => {
      const dir = path.join(base, entry.name);
      return { dir, manifest: JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) };
    })
    .filter(({ manifest }) => manifest.private !== true)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/**
 * `pnpm pack` (which turns `workspace:^` into real ranges, as publishing does) of every public
 * package into `dest`. Needs the build (dist/) first.
 * @returns {{ name: string, version: string, dir: string, tarball: string }[]}
 */
export function packAll(dest) {
  mkdirSync(dest, { recursive: true });
  return publicPackages().map(({ dir, manifest }) => {
    const result = spawnSync('npx', ['--yes', PNPM, 'pack', '--pack-destination', dest], { cwd: dir, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`pnpm pack failed in ${path.relative(root, dir)}:\n${result.stdout}${result.stderr}`);
    const tarball = path.join(dest, `${manifest.name.replace(/^@/, '').replace('/', '-')}-${manifest.version}.tgz`);
    if (!existsSync(tarball)) throw new Error(`pnpm pack did not write ${tarball}:\n${result.stdout}`);
    return { name: manifest.name, version: manifest.version, dir, tarball };
  });
}
