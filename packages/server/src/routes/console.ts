// The agent console page: same-origin only, framed by nobody, one external script.
import type { FastifyInstance } from 'fastify';
import { CONSOLE_HTML, CONSOLE_JS } from './console-page.js';

export const CSP = "default-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export function consoleRoutes(app: FastifyInstance): void {
  for (const path of ['/', '/console']) {
    app.get(path, async (_req, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).send(CONSOLE_HTML));
  }
  app.get('/console.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('content-security-policy', CSP).send(CONSOLE_JS));
}
