import { readSseData } from './scale/sse.js';
import { connect } from 'node:net';

/** A raw HTTP request over a socket (for requests `fetch` refuses to send, e.g. bad encodings or `Upgrade`). */
export function rawRequest(url: string, head: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
    setTimeout(() => {
      socket.destroy();
      resolve(data);
    }, 1500);
  });
}

/** Creates a conversation and returns its id and token. */
export async function newConversation(url: string, headers: Record<string, string> = {}): Promise<{ id: string; token: string; epoch: string }> {
  const res = await fetch(`${url}/conversations`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{}' });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; token: string; epoch: string };
}

export const post = (url: string, token: string | undefined, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify(body),
  });

/** Reads an SSE stream until `until` returns true for the collected data events (or a timeout). */
export async function readSse(
  url: string,
  token: string,
  until: (events: Record<string, unknown>[]) => boolean,
  timeoutMs = 5000,
): Promise<Record<string, unknown>[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: Record<string, unknown>[] = [];
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
    if (!res.ok || !res.body) throw new Error(`stream: ${res.status}`);
    await readSseData(res.body, (data) => {
      events.push(JSON.parse(data) as Record<string, unknown>);
      // Enough read: aborting ends the read loop (the abort is caught below).
      if (until(events)) controller.abort();
    });
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}
