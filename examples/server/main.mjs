#!/usr/bin/env node
// The demo server: @attune/server (built JS, no tsx) with demo settings — the demo site's
// origin allowed, conversations in .attune-data/, and a demo agent login whose password is
// printed once (set DEMO_AGENT_PASSWORD to choose it). For real deployments see
// docs/deploy.md; this file only adds demo conveniences to the package's own start.
import { randomBytes } from 'node:crypto';
import { configFromEnv, createServer, hashPassword } from '@attune/server';

const password = process.env.DEMO_AGENT_PASSWORD ?? randomBytes(9).toString('base64url');
const settings = configFromEnv(process.env);
const demoOrigins = (process.env.DEMO_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);

const server = await createServer({
  ...settings,
  allowedOrigins: [...(settings.allowedOrigins ?? []), ...demoOrigins],
  agents: settings.agents ?? [{ login: 'demo', name: 'Sam (demo agent)', passwordHash: await hashPassword(password) }],
  dataDir: process.env.DATA_DIR ?? '.attune-data',
});
console.log(`Attune reference server listening on ${server.url}`);
console.log(`Agent console: ${server.url}/console (login "demo", password "${password}")`);

const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
