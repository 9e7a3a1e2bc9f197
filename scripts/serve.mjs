// Serves the demo site: examples/ at /, plus the built packages (so a page can load
// /packages/widget/dist/attune-widget.js with one script tag). Static files only;
// the reference server (examples/server) is a separate process.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml', '.map': 'application/json' };

/** Maps a URL path to a file, only inside examples/ or a package's dist/. */
function resolve(urlPath) {
  const clean = path.posix.normalize(decodeURIComponent(urlPath));
  if (clean.includes('\0')) return null;
  const allowed = clean.startsWith('/packages/') ? /^\/packages\/[\w-]+\/dist\//.test(clean) : true;
  if (!allowed) return null;
  const relative = clean.startsWith('/packages/') ? clean : path.posix.join('/examples', clean);
  let file = path.join(root, relative);
  if (!file.startsWith(root)) return null;
  try {
    if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
    statSync(file);
    return file;
  } catch {
    return null;
  }
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const file = resolve(url.pathname);
  if (!file || url.pathname.includes('/node_modules/')) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
  createReadStream(file).pipe(res);
});

server.listen(port, host, () => {
  const address = server.address();
  console.log(`\nAttune demo site: http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}/\n(Ctrl+C to stop)`);
});
