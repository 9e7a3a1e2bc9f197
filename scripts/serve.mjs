// Serves the demo site: examples/ at /, plus the built packages (so a page can load
// /packages/widget/dist/attune-widget.js with one script tag). Static files only, plus
// /config.json, which tells the pages where the reference server runs (the server itself
// is another process: `npm start` starts both). Importable: the e2e tests and the
// screenshot script call `startSite({ port: 0 })`.
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** Maps a URL path to a file, only inside examples/ (not the server's sources) or a package's dist/. */
function resolve(urlPath) {
  let clean;
  try {
    clean = path.posix.normalize(decodeURIComponent(urlPath));
  } catch {
    return null;
  }
  if (clean.includes('\0') || clean.includes('/node_modules/') || clean.startsWith('/server/')) return null;
  if (clean.startsWith('/packages/') && !/^\/packages\/[\w-]+\/dist\//.test(clean)) return null;
  const base = clean.startsWith('/packages/') ? root : path.join(root, 'examples');
  let file = path.join(base, clean);
  if (!file.startsWith(base + path.sep) && file !== base) return null;
  try {
    if (statSync(file).isDirectory()) {
      // /vanilla → /vanilla/ so a page's relative URLs resolve inside its folder.
      if (!clean.endsWith('/')) return { redirect: `${clean}/` };
      file = path.join(file, 'index.html');
    }
    return statSync(file).isFile() ? { file } : null;
  } catch {
    return null;
  }
}

/**
 * Starts the demo site.
 * @param {{ port?: number, host?: string, serverUrl?: string, ai?: { url: string, model: string | null } }} [options]
 *   `port` 0 picks a free one; `serverUrl` is the reference server the pages connect to;
 *   `ai` the AI agent demo's server and its model (null: the scripted model).
 * @returns {Promise<{ url: string, port: number, close(): Promise<void> }>}
 */
export async function startSite({ port = 8080, host = '127.0.0.1', serverUrl, ai } = {}) {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/config.json') {
      res.writeHead(200, { 'content-type': types['.json'], 'cache-control': 'no-store' });
      res.end(JSON.stringify({ serverUrl: serverUrl ?? null, ai: ai ?? null }));
      return;
    }
    const found = resolve(url.pathname);
    if (!found) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    if (found.redirect) {
      res.writeHead(301, { location: `${found.redirect}${url.search}` }).end();
      return;
    }
    const file = found.file;
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    createReadStream(file).pipe(res);
  });
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done());
  });
  const address = server.address();
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shown}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const site = await startSite({
    port: Number(process.env.PORT ?? 8080),
    host: process.env.HOST ?? '127.0.0.1',
    serverUrl: process.env.ATTUNE_SERVER_URL,
    // The model is named only when one is configured (never the key).
    ai: process.env.ATTUNE_AI_SERVER_URL
      ? { url: process.env.ATTUNE_AI_SERVER_URL, model: process.env.OPENAI_BASE_URL || process.env.OPENAI_API_KEY ? (process.env.ATTUNE_MODEL ?? null) : null }
      : undefined,
  });
  console.log(`\nAttune demo site: ${site.url}/`);
  const stop = () => void site.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
