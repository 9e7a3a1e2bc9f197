// Serves React to @web/test-runner as ES modules with named exports.
// React ships only CommonJS, so at start-up we bundle it once with esbuild (from the
// folder that pins the wanted React version) and serve small facades that re-export
// every name (react-dom/server keeps a MessageChannel open, hence the explicit exit).
// The names are listed in a child `node` process because requiring React
// inside the test runner's process trips over its patched console.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Where each React major is installed (pnpm keeps each folder's peers consistent). */
const reactHomes = {
  18: path.join(root, 'tools/react-18'),
  19: path.join(root, 'packages/react-adapter'),
};

const modules = {
  react: 'react',
  'react-dom': 'react-dom',
  'react-dom/client': 'react-dom/client',
  'react-dom/server': 'react-dom/server.browser',
  'react/jsx-runtime': 'react/jsx-runtime',
  'react/jsx-dev-runtime': 'react/jsx-dev-runtime',
};

const key = (specifier) => specifier.replace(/[^a-z]/gi, '_');

/**
 * @param {{ version?: '18' | '19' }} [options]
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
export function reactPlugin({ version = '19' } = {}) {
  const home = reactHomes[version];
  if (!home) throw new Error(`reactPlugin: unknown React version ${version}`);
  const base = `/__attune_react/${version}/`;
  let files;

  async function prepare() {
    const entry = Object.entries(modules)
      .map(([spec, real]) => `import * as ${key(spec)} from '${real}'; export { ${key(spec)} };`)
      .join('\n');
    const result = await build({
      stdin: { contents: entry, resolveDir: home, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      define: { 'process.env.NODE_ENV': '"development"' },
      logLevel: 'silent',
    });
    const names = JSON.parse(
      execFileSync(
        process.execPath,
        [
          '-e',
          `const m=${JSON.stringify(modules)};const o={};for(const [s,r] of Object.entries(m)){o[s]=Object.keys(require(r)).filter(n=>n!=='default'&&/^[A-Za-z_$][\\w$]*$/.test(n))}console.log(JSON.stringify(o));process.exit(0)`,
        ],
        { cwd: home, encoding: 'utf8' },
      ),
    );
    files = new Map([[`${base}bundle.js`, result.outputFiles[0].text]]);
    for (const spec of Object.keys(modules)) {
      const k = key(spec);
      files.set(
        `${base}${k}.js`,
        `import { ${k} as m } from './bundle.js';\nexport default m.default ?? m;\nexport const { ${names[spec].join(', ')} } = m;\n`,
      );
    }
  }

  return {
    name: 'attune-react',
    async serverStart() {
      await prepare();
    },
    resolveImport({ source }) {
      if (source in modules) return `${base}${key(source)}.js`;
      return undefined;
    },
    serve(context) {
      const body = files?.get(context.path);
      if (body !== undefined) return { body, type: 'js' };
      return undefined;
    },
  };
}
