// Shared by the server's tests: a server with a test agent API key, and the way from a
// client conversation (the transport keeps the server-issued id in its storage) to the
// server's log.
import type { ServerEvent, StorageAdapter } from '@attune/core';
import { memoryStorage } from '../../core/src/storage/index.js';
import { createServer, sha256, type CreateServerOptions, type RunningServer } from '../src/index.js';

export type { RunningServer };

export const AGENT_KEY = 'test-agent-key-0123456789';
export const agentHeaders = { 'content-type': 'application/json', authorization: `Bearer ${AGENT_KEY}` };

/** One "browser" storage the tests share unless they bring their own. */
export const clientStorage: StorageAdapter = memoryStorage();

export interface TestServer extends RunningServer {
  /** The server's log of the client conversation `localId` (undefined before it exists). */
  conversation(localId: string, storage?: StorageAdapter): Promise<{ id: string; events: ServerEvent[] } | undefined>;
}

export async function startServer(options: CreateServerOptions = {}): Promise<TestServer> {
  const server = await createServer({ agents: [{ login: 'agent', name: 'Agent', apiKeySha256: sha256(AGENT_KEY) }], ...options });
  return Object.assign(server, {
    async conversation(localId: string, storage: StorageAdapter = clientStorage) {
      const id = await serverIdOf(storage, localId).catch(() => undefined);
      return id === undefined ? undefined : { id, events: await server.store.read(id, 0) };
    },
  });
}

/** The server's id for the client conversation `localId`. */
export async function serverIdOf(storage: StorageAdapter, localId: string): Promise<string> {
  const session = (await storage.get(`attune:server:${localId}`)) as { id?: unknown } | undefined;
  if (typeof session?.id !== 'string') throw new Error(`no server conversation for ${localId} yet`);
  return session.id;
}

/** Posts as the test agent to the server conversation behind `localId`. */
export async function agentPost(server: RunningServer, localId: string, body: unknown, storage: StorageAdapter = clientStorage): Promise<Response> {
  const id = await serverIdOf(storage, localId);
  return fetch(`${server.url}/agent/conversations/${id}/events`, { method: 'POST', headers: agentHeaders, body: JSON.stringify(body) });
}

/** A fresh page of the same browser: it knows the server session, not the transcript. */
export function sessionOnly(storage: StorageAdapter = clientStorage): StorageAdapter {
  return {
    get: (key) => (key.startsWith('attune:server:') ? storage.get(key) : undefined),
    set: (key, value) => (key.startsWith('attune:server:') ? storage.set(key, value) : undefined),
    remove: () => undefined,
  };
}
