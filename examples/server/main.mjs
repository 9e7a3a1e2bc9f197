#!/usr/bin/env node
// The demo server: @attune/server (built JS, no tsx) with demo settings — the demo site's
// origin allowed, conversations in .attune-data/, and a demo agent login whose password is
// printed once (set DEMO_AGENT_PASSWORD to choose it). For real deployments see
// docs/deploy.md; this file only adds demo conveniences to the package's own start.
// A second server on AI_PORT (default PORT + 1) answers with an AI agent: the model named
// by OPENAI_BASE_URL / OPENAI_API_KEY / ATTUNE_MODEL, or without them a scripted model.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { configFromEnv, createServer, hashPassword, openAiAgentFromEnv, openAiCompatibleAgent } from '@attune/server';
import { scriptedModel } from './scripted-model.mjs';

const password = process.env.DEMO_AGENT_PASSWORD ?? randomBytes(9).toString('base64url');
const settings = configFromEnv(process.env);
const demoOrigins = (process.env.DEMO_ORIGINS ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);

const server = await createServer({
  ...settings,
  allowedOrigins: [...(settings.allowedOrigins ?? []), ...demoOrigins],
  agents: settings.agents ?? [{ login: 'demo', name: 'Sam (demo agent)', passwordHash: await hashPassword(password) }],
  dataDir: process.env.DATA_DIR ?? '.attune-data',
});
console.log(`Attune reference server listening on ${server.url}`);
console.log(`Agent console: ${server.url}/console (login "demo", password "${password}")`);

// The AI agent demo. The key stays in this process: the page only talks to this server.
const live = openAiAgentFromEnv(process.env);
const agent =
  live ??
  openAiCompatibleAgent({
    baseURL: 'http://scripted-model.invalid/v1',
    model: 'scripted-demo',
    name: 'Assistant (scripted model)',
    fetch: scriptedModel(),
    timeoutMs: 3000,
  });
const ai = await createServer({
  ...settings,
  port: process.env.AI_PORT !== undefined ? Number(process.env.AI_PORT) : settings.port === 0 ? 0 : server.port + 1,
  allowedOrigins: [...(settings.allowedOrigins ?? []), ...demoOrigins],
  agent,
  dataDir: path.join(process.env.DATA_DIR ?? '.attune-data', 'ai'),
});
console.log(
  `AI agent demo server on ${ai.url} (${live ? `model ${process.env.ATTUNE_MODEL}` : 'scripted model: set OPENAI_API_KEY and ATTUNE_MODEL for a real one'})`,
);

const stop = () => void Promise.all([server.close(), ai.close()]).then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
