// The small server both AI backend examples run: the backend route, the demo page, and the
// built Attune packages under /attune/ (run `npm run build` at the repository root first).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const packages = new URL('../../packages/', import.meta.url);
const files = { '/attune/core/': new URL('core/dist/', packages), '/attune/widget/': new URL('widget/dist/', packages) };
const types = { '.js': 'text/javascript; charset=utf-8', '.map': 'application/json', '.html': 'text/html; charset=utf-8' };

/** Serves `page` at /, `handler` at POST `route`; PORT (default `port`) and HOST (default 127.0.0.1). */
export function serveExample({ name, route, handler, page, port }) {
  const server = createServer((req, res) => {
    if (req.method === 'POST' && req.url === route) return void handler(req, res);
    const url = req.url?.split('?')[0] ?? '/';
    const prefix = Object.keys(files).find((p) => url.startsWith(p));
    const rest = prefix ? path.posix.normalize(url.slice(prefix.length)) : '';
    const file = url === '/' ? page : prefix && !rest.startsWith('..') ? new URL(rest, files[prefix]) : undefined;
    if (req.method !== 'GET' || !file) return void res.writeHead(404).end();
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': types[path.extname(file.pathname)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  server.listen(Number(process.env.PORT ?? port), process.env.HOST ?? '127.0.0.1', () => {
    const { address, port: actual } = server.address();
    console.log(`${name}: http://${address}:${actual}/  (POST ${route})`);
  });
  return server;
}
