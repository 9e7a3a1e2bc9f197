// One build for the whole workspace, in dependency order: core → widget → react-adapter
// (each type-checks against the declarations of the one before), then the
// self-contained widget bundle for a <script type="module"> tag.
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
function library(pkg, input, { banner, plugins = [] } = {}) {
  return {
    input: Object.fromEntries(Object.entries(input).map(([name, file]) => [name, `packages/${pkg}/${file}`])),
    external,
    output: {
      dir: `packages/${pkg}/dist`,
      format: 'esm',
      sourcemap: true,
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
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
  library('core', { index: 'src/index.ts', testing: 'src/testing/index.ts', 'i18n/ar': 'src/i18n/messages/ar.ts', 'i18n/he': 'src/i18n/messages/he.ts' }),
  library('widget', { index: 'src/index.ts', elements: 'src/elements.ts' }, { plugins: [minifyLitCss()] }),
  // Every module of @attune/react is a client module for React Server Components.
  library('react-adapter', { index: 'src/index.ts', widget: 'src/widget.ts' }, { banner: "'use client';" }),
  {
    // Everything in one file: Lit and @attune/core included, minified.
    input: 'packages/widget/dist/index.js',
    output: { file: 'packages/widget/dist/attune-widget.js', format: 'esm', sourcemap: true },
    plugins: [nodeResolve({ browser: true }), terser({ format: { comments: false }, compress: { passes: 2 } })],
  },
];
