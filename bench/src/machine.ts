/** What the figures were measured on: machine, load, runtimes and package versions. */
import { cpus, freemem, loadavg, totalmem, type as osType, release } from 'node:os';
import { readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { benchDir, rootDir } from './paths.js';

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  os: string;
  node: string;
  /** 1/5/15-minute load averages when the run started. */
  loadAtStart: number[];
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((freemem() / 2 ** 30) * 10) / 10,
    os: `${osType()} ${release()}`,
    node: process.version,
    loadAtStart: loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

export const currentLoad = (): number[] => loadavg().map((n) => Math.round(n * 100) / 100);

function versionOf(from: string, name: string): string {
  try {
    const dir = realpathSync(path.join(from, 'node_modules', name));
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

/** Versions of every measured package (Attune's from the workspace). */
export function packageVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [
    '@attune/core',
    '@attune/widget',
    '@attune/react',
    'deep-chat',
    '@nlux/core',
    '@nlux/react',
    '@nlux/themes',
    '@ai-sdk/react',
    'react',
    'react-dom',
  ]) {
    out[name] = versionOf(benchDir, name);
  }
  out.lit = versionOf(path.join(rootDir, 'packages', 'widget'), 'lit');
  out.esbuild = versionOf(rootDir, 'esbuild');
  out['playwright-core'] = versionOf(rootDir, 'playwright-core');
  return out;
}
