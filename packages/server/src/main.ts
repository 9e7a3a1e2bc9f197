#!/usr/bin/env node
// `attune-server` / `npm start`: settings from the environment (see README), file store in
// DATA_DIR (default ./.attune-data), or PostgreSQL with DATABASE_URL (docs/deploy.md).
// `attune-server hash-password` prints a password hash.
import { createServer } from './app.js';
import { hashPassword } from './auth/agents.js';
import { openAiAgentFromEnv } from './agents/openai.js';
import { configFromEnv } from './config.js';
import { postgresOptionsFromEnv } from './postgres.js';
import { webhookConfigFromEnv } from './webhooks.js';

if (process.argv[2] === 'hash-password') {
  const password = process.argv[3] ?? process.env.PASSWORD;
  if (!password) {
    console.error('Usage: attune-server hash-password <password>');
    process.exit(2);
  }
  console.log(await hashPassword(password));
  process.exit(0);
}

// DATABASE_URL selects PostgreSQL (N processes may share it); otherwise the file store.
const postgres = postgresOptionsFromEnv(process.env);
// OPENAI_BASE_URL / OPENAI_API_KEY + ATTUNE_MODEL: an OpenAI-compatible model answers customers.
const agent = openAiAgentFromEnv(process.env);
const webhooks = webhookConfigFromEnv(process.env);
const server = await createServer({
  ...configFromEnv(process.env),
  ...(agent ? { agent } : {}),
  ...(postgres ? { postgres } : { dataDir: process.env.DATA_DIR ?? '.attune-data' }),
  ...(webhooks ? { webhooks } : {}),
});
console.log(`Attune server listening on ${server.url}`);
console.log(`Agent console: ${server.url}/console`);

const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
