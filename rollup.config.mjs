// One build for the whole workspace, in dependency order: core → widget → react-adapter
// (each type-checks against the declarations of the one before), then the
// self-contained widget bundle for a <script type="module"> tag.
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const external = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

/** ESM + .d.ts for one package; bare imports stay external. */
function library(pkg, input, { banner } = {}) {
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
  library('core', { index: 'src/index.ts', testing: 'src/testing/index.ts' }),
  library('widget', { index: 'src/index.ts', elements: 'src/elements.ts' }),
  // Every module of @attune/react is a client module for React Server Components.
  library('react-adapter', { index: 'src/index.ts', widget: 'src/widget.ts' }, { banner: "'use client';" }),
  {
    // Everything in one file: Lit and @attune/core included, minified.
    input: 'packages/widget/dist/index.js',
    output: { file: 'packages/widget/dist/attune-widget.js', format: 'esm', sourcemap: true },
    plugins: [nodeResolve({ browser: true }), terser({ format: { comments: false }, compress: { passes: 2 } })],
  },
];
