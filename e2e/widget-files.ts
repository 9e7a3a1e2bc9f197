// Serves the self-contained widget the way a host page would: the entry and the chunks
// it imports on demand, from one folder of the same origin (so `script-src 'self'` holds).
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'packages/widget/dist');
const FILE = /^\/(attune-widget\.js|attune-widget-chunks\/[\w-]+\.js)$/;

/** Answers `/attune-widget.js` and `/attune-widget-chunks/*.js`; false for any other path. `seen` records every chunk requested. */
export async function serveWidget(pathname: string, res: ServerResponse, seen?: string[]): Promise<boolean> {
  const match = FILE.exec(pathname);
  if (!match?.[1]) return false;
  seen?.push(match[1]);
  try {
    const body = await readFile(path.join(dist, match[1]));
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }
  return true;
}
