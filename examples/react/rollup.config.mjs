// Builds the React example from the workspace: the app's TSX is type-checked and compiled
// by @rollup/plugin-typescript, React and the Attune packages are bundled from their
// built dist/ (run the root build first), and `process.env.NODE_ENV` is replaced so
// React's production build is used. Output: examples/react/dist/app.js (+ lazy chunks).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import commonjs from '@rollup/plugin-commonjs';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';

const here = path.dirname(fileURLToPath(import.meta.url));
const production = process.env.NODE_ENV !== 'development';

export default {
  input: path.join(here, 'app/main.tsx'),
  // What the app imports on demand (the in-page agent, the tone model) becomes chunks next to app.js.
  output: { dir: path.join(here, 'dist'), entryFileNames: 'app.js', chunkFileNames: 'chunks/[name]-[hash].js', format: 'esm', sourcemap: true },
  plugins: [
    // The workspace packages resolve to their built dist/ (the default export condition).
    nodeResolve({ browser: true, extensions: ['.mjs', '.js', '.json', '.ts', '.tsx'] }),
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') } }),
    commonjs({ include: /node_modules/, strictRequires: false, requireReturnsDefault: 'auto' }),
    typescript({ tsconfig: path.join(here, 'tsconfig.json'), noEmitOnError: true, outDir: path.join(here, 'dist'), sourceMap: true }),
    production && terser({ format: { comments: false } }),
  ],
  onwarn(warning, warn) {
    // 'use client' banners of @attune/react and React's own module directives mean nothing in a bundle.
    if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
    if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.some((id) => id.includes('node_modules'))) return;
    warn(warning);
  },
};
