/**
 * Bundles each subject page with esbuild (minified, production mode, the same settings for
 * everyone) and serves the bundles from memory on 127.0.0.1, port 0.
 */
import { build } from 'esbuild';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { benchDir } from './paths.js';

export interface PageBundle {
  js: Uint8Array;
  css?: Uint8Array;
}

export interface PageServer {
  url(subject: string, query?: string): string;
  close(): Promise<void>;
}

/** Bundles `bench/src/pages/<subject>.page.ts` (unminified for profiles, so functions keep their names). */
export async function bundlePage(subject: string, { minify = true }: { minify?: boolean } = {}): Promise<PageBundle> {
  const result = await build({
    entryPoints: [path.join(benchDir, 'src', 'pages', `${subject}.page.ts`)],
    nodePaths: [path.join(benchDir, 'node_modules')],
    absWorkingDir: benchDir,
    bundle: true,
    minify,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    outdir: path.join(benchDir, '.pages', subject),
    write: false,
    conditions: ['@attune/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
    logLevel: 'silent',
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'));
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'));
  if (!js) throw new Error(`no JS output for ${subject}`);
  return { js: js.contents, ...(css ? { css: css.contents } : {}) };
}

const html = (subject: string, bundle: PageBundle): string => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${subject}</title>
${bundle.css ? `<link rel="stylesheet" href="/${subject}/page.css">` : ''}
<style>html,body{margin:0;height:100%;font-family:system-ui,sans-serif}#host{width:400px;height:640px;position:relative;overflow:hidden}</style>
</head>
<body>
<script type="module" src="/${subject}/page.js"></script>
</body>
</html>`;

/** Serves `/<subject>/` (HTML), `/<subject>/page.js` and `/<subject>/page.css` from memory. */
export async function servePages(bundles: Record<string, PageBundle>): Promise<PageServer> {
  const server: Server = createServer((req, res) => {
    const [, subject, file] = (req.url ?? '/').split('?')[0]!.split('/');
    const bundle = subject ? bundles[subject] : undefined;
    if (!bundle) return void res.writeHead(404).end();
    const body = file === 'page.js' ? bundle.js : file === 'page.css' ? bundle.css : file === '' || file === undefined ? html(subject!, bundle) : undefined;
    if (body === undefined) return void res.writeHead(404).end();
    const type = file === 'page.js' ? 'text/javascript' : file === 'page.css' ? 'text/css' : 'text/html';
    res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: (subject, query = '') => `http://127.0.0.1:${port}/${subject}/${query ? `?${query}` : ''}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
