// One build for the whole workspace, in dependency order: core → widget → react-adapter
// (each type-checks against the declarations of the one before), then the
// self-contained widget bundle for a <script type="module"> tag (an entry plus lazy chunks).
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

/**
 * Minifies the CSS inside Lit's css`…` templates (no interpolations) in the widget's
 * sources: drops comments and collapses white space. Neither terser nor esbuild touches
 * template strings, and every byte of them ships in attune-widget.js.
 */
function minifyLitCss() {
  const squeeze = (text) =>
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};])\s*/g, '$1')
      .replace(/;}/g, '}')
      .trim();
  return {
    name: 'minify-lit-css',
    transform(code, id) {
      if (!/packages\/widget\/src\/.*\.ts$/.test(id)) return null;
      // TypeScript emits the tag as "css `…`".
      const out = code.replace(/\bcss\s*`([^`$]*)`/g, (_, text) => `css\`${squeeze(text)}\``);
      return out === code ? null : { code: out, map: null };
    },
  };
}

/** ESM + .d.ts for one package; bare imports stay external. */
function library(pkg, input, { banner, plugins = [], preserveModules = false } = {}) {
  return {
    input: Object.fromEntries(Object.entries(input).map(([name, file]) => [name, `packages/${pkg}/${file}`])),
    external,
    output: {
      dir: `packages/${pkg}/dist`,
      format: 'esm',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      // One file per module keeps core's on-demand import() targets (agent, tone model)
      // separate files, so an app's bundler can split them off instead of inlining them.
      ...(preserveModules && { preserveModules: true, preserveModulesRoot: `packages/${pkg}/src` }),
      banner,
    },
    plugins: [
      typescript({
        tsconfig: `packages/${pkg}/tsconfig.build.json`,
        outDir: `packages/${pkg}/dist`,
        declarationDir: `packages/${pkg}/dist`,
        noEmitOnError: true,
      }),
      // After TypeScript: its transform compiles from disk and ignores earlier transforms.
      ...plugins,
    ],
    onwarn(warning, warn) {
      // 'use client' is re-added to every output file as a banner (see the react-adapter entry).
      if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
      // A library build is not the place to fail on a circular import warning from deps.
      if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some((id) => id.includes('node_modules'))) return;
      warn(warning);
    },
  };
}

export default [
  library(
    'core',
    {
      index: 'src/index.ts',
      'agent/index': 'src/agent/index.ts',
      'testing/index': 'src/testing/index.ts',
      'metrics/index': 'src/metrics/index.ts',
      'markdown/index': 'src/markdown/index.ts',
      'ai-sdk/index': 'src/ai-sdk/index.ts',
      'ag-ui/index': 'src/ag-ui/index.ts',
      'i18n/messages/ar': 'src/i18n/messages/ar.ts',
      'i18n/messages/he': 'src/i18n/messages/he.ts',
    },
    { preserveModules: true },
  ),
  // One file per module: the define modules stay the only side-effectful files (see package.json
  // sideEffects) and src/bundle.ts, the script-tag entry, can leave the prompt elements to a chunk.
  library('widget', { index: 'src/index.ts', elements: 'src/elements.ts', bundle: 'src/bundle.ts' }, { plugins: [minifyLitCss()], preserveModules: true }),
  // Every module of @attune/react is a client module for React Server Components.
  library('react-adapter', { index: 'src/index.ts', widget: 'src/widget.ts' }, { banner: "'use client';" }),
  {
    // Self-contained for a script tag: Lit and @attune/core included, minified. The entry is
    // what every page loads; what it imports on demand (the in-page agent, the flow engine,
    // the tone model) becomes chunks next to it, fetched by relative import() from the same
    // origin, so a strict CSP with script-src 'self' still allows them.
    input: { 'attune-widget': 'packages/widget/dist/bundle.js' },
    // Lets the entry itself hold the shared code instead of a facade over a shared chunk (one request fewer).
    preserveEntrySignatures: false,
    output: {
      dir: 'packages/widget/dist',
      format: 'esm',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: 'attune-widget-chunks/[name]-[hash].js',
    },
    plugins: [nodeResolve({ browser: true }), terser({ format: { comments: false }, compress: { passes: 2 } })],
  },
];
