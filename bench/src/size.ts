/**
 * Size: every subject bundled the same way — esbuild, ESM, minified, production
 * `process.env.NODE_ENV`, a one-line `export * from 'pkg'` (or side-effect `import 'pkg'`)
 * entry resolved from `bench/`, CSS bundled when the peer needs it to render — then
 * measured raw, gzip -9 and brotli -11. A JS file and a CSS file are compressed
 * separately (they ship as two requests) and their sizes added.
 */
import { build } from 'esbuild';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { benchDir } from './paths.js';

export interface SizeSubject {
  id: string;
  label: string;
  /** What the entry file contains. */
  entry: string;
  external?: string[];
  /** `@attune/*` resolve to their TypeScript sources (what the build would ship). */
  attune?: boolean;
}

export interface SizeResult {
  id: string;
  label: string;
  entry: string;
  min: number;
  gzip: number;
  brotli: number;
  /** Bytes of CSS included in the figures above (0 when the styles live in the JS). */
  cssMin: number;
  /** Why the subject could not be bundled (its figures are then NaN). */
  error?: string;
}

const REACT = ['react', 'react-dom', 'react/jsx-runtime', 'react-dom/client'];

/** Attune first, then the peers; ids are what `ratios` refers to. */
export const sizeSubjects: SizeSubject[] = [
  { id: 'attune-widget', label: '@attune/widget <attune-chat> (Lit + core)', entry: "import '@attune/widget';", attune: true },
  { id: 'attune-core', label: '@attune/core', entry: "export * from '@attune/core';", attune: true },
  {
    id: 'attune-react-hooks',
    label: '@attune/react hooks (on top of core)',
    entry: "export * from '@attune/react';",
    external: [...REACT, '@attune/core', '@attune/widget', 'lit', '@lit/react'],
    attune: true,
  },
  { id: 'attune-react', label: '@attune/react + @attune/core (React external)', entry: "export * from '@attune/react';", external: REACT, attune: true },
  { id: 'deep-chat', label: 'deep-chat (styles inside)', entry: "export * from 'deep-chat';" },
  { id: 'nlux-core', label: '@nlux/core + @nlux/themes nova.css', entry: "export * from '@nlux/core';\nimport '@nlux/themes/nova.css';" },
  {
    id: 'nlux-react',
    label: '@nlux/react + nova.css (React external)',
    entry: "export * from '@nlux/react';\nimport '@nlux/themes/nova.css';",
    external: REACT,
  },
  { id: 'ai-sdk-react', label: '@ai-sdk/react (hooks only, React external)', entry: "export * from '@ai-sdk/react';", external: REACT },
];

/** Attune subject → the peers it is compared with. */
export const sizeRatios: Record<string, string[]> = {
  'attune-widget': ['deep-chat', 'nlux-core'],
  'attune-widget-first-load': ['deep-chat', 'nlux-core'],
  'attune-core': ['nlux-core', 'ai-sdk-react'],
  'attune-react': ['nlux-react', 'ai-sdk-react'],
};

const gzip = (b: Uint8Array): number => gzipSync(b, { level: 9 }).length;
const brotli = (b: Uint8Array): number => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Bundles and measures one subject. The entry is written to a temp dir resolved from `bench/`. */
export async function measureSize(subject: SizeSubject): Promise<SizeResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'attune-size-'));
  try {
    const entryFile = path.join(dir, 'entry.js');
    writeFileSync(entryFile, `${subject.entry}\n`);
    const result = await build({
      entryPoints: [entryFile],
      // Packages resolve from bench/, where the peers are installed.
      nodePaths: [path.join(benchDir, 'node_modules')],
      absWorkingDir: benchDir,
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outdir: path.join(dir, 'out'),
      write: false,
      external: subject.external ?? [],
      conditions: subject.attune ? ['@attune/source'] : [],
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
      legalComments: 'none',
      logLevel: 'silent',
    });
    let min = 0;
    let gz = 0;
    let br = 0;
    let cssMin = 0;
    for (const file of result.outputFiles) {
      if (file.path.endsWith('.map')) continue;
      min += file.contents.length;
      gz += gzip(file.contents);
      br += brotli(file.contents);
      if (file.path.endsWith('.css')) cssMin += file.contents.length;
    }
    return { id: subject.id, label: subject.label, entry: subject.entry, min, gzip: gz, brotli: br, cssMin };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const WIDGET_DIST = path.join(benchDir, '..', 'packages', 'widget', 'dist');

/**
 * The self-contained widget as built (`npm run build`): what a page downloads before the
 * first paint (`attune-widget.js` alone, the same file in both modes: a server-connected widget
 * loads nothing else for text), and the entry plus every chunk it may load on demand
 * (the in-page agent, flow engine, tone model, prompt elements, markdown renderer). Each file is
 * compressed on its own, as it is served.
 */
export function measureBuiltWidget(): SizeResult[] {
  const entry = path.join(WIDGET_DIST, 'attune-widget.js');
  const chunksDir = path.join(WIDGET_DIST, 'attune-widget-chunks');
  const measure = (files: string[]): Pick<SizeResult, 'min' | 'gzip' | 'brotli'> => {
    let min = 0;
    let gz = 0;
    let br = 0;
    for (const file of files) {
      const bytes = readFileSync(file);
      min += bytes.length;
      gz += gzip(bytes);
      br += brotli(bytes);
    }
    return { min, gzip: gz, brotli: br };
  };
  const first = {
    id: 'attune-widget-first-load',
    label: 'attune-widget.js as built: first load, server-connected or in-page (entry only)',
    entry: 'packages/widget/dist/attune-widget.js',
  };
  const lazy = {
    id: 'attune-widget-in-page-all',
    label: 'attune-widget.js as built: entry + every lazy chunk (in-page agent, prompts, tone, markdown)',
    entry: 'packages/widget/dist/attune-widget*',
  };
  if (!existsSync(entry)) {
    const error = 'not built: run `npm run build` first';
    return [first, lazy].map((s) => ({ ...s, min: NaN, gzip: NaN, brotli: NaN, cssMin: 0, error }));
  }
  const chunks = existsSync(chunksDir)
    ? readdirSync(chunksDir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => path.join(chunksDir, f))
    : [];
  return [
    { ...first, ...measure([entry]), cssMin: 0 },
    { ...lazy, label: `${lazy.label}, ${String(chunks.length)} chunks`, ...measure([entry, ...chunks]), cssMin: 0 },
  ];
}

export async function runSize(): Promise<SizeResult[]> {
  const out: SizeResult[] = [...measureBuiltWidget()];
  for (const subject of sizeSubjects) {
    try {
      out.push(await measureSize(subject));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      out.push({ id: subject.id, label: subject.label, entry: subject.entry, min: NaN, gzip: NaN, brotli: NaN, cssMin: 0, error: message });
    }
  }
  return out;
}
