// `pnpm start` (or `node main.mjs`): the AI SDK route at POST /api/chat and a page using
// Attune's `aiSdkTransport` at /. PORT (default 8790) and HOST (default 127.0.0.1).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { handleChat } from './backend.mjs';

// The built packages (run `npm run build` at the repository root first).
const packages = new URL('../../packages/', import.meta.url);
const files = { '/attune/core/': new URL('core/dist/', packages), '/attune/widget/': new URL('widget/dist/', packages) };
const types = { '.js': 'text/javascript; charset=utf-8', '.map': 'application/json' };

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/api/chat') return void handleChat(req, res);
  if (req.method === 'GET' && (req.url === '/' || req.url === '/index.html')) {
    return void readFile(new URL('./index.html', import.meta.url)).then((html) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  }
  const prefix = Object.keys(files).find((p) => req.url?.startsWith(p));
  const rest = prefix ? path.posix.normalize(req.url.slice(prefix.length).split('?')[0]) : '';
  if (prefix && !rest.startsWith('..')) {
    return void readFile(new URL(rest, files[prefix])).then(
      (body) => res.writeHead(200, { 'content-type': types[path.extname(rest)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  }
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT ?? 8790), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`AI SDK backend: http://${address}:${port}/  (POST /api/chat)`);
});
