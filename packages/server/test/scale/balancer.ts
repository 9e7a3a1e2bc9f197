import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A small loopback TCP load balancer for the scale-out tests: each client connection goes
 * to the next live backend (round robin), so streams, POSTs and WebSocket upgrades spread
 * over the processes the way they would behind a real balancer without sticky sessions.
 * A backend that refuses the connection (killed, restarting) is skipped for that
 * connection; a backend that dies cuts its connections, as it would in production.
 */
export interface Balancer {
  readonly url: string;
  /** Connections handed to each backend slot so far. */
  readonly counts: number[];
  /** Points slot `index` at a (re)started process, or takes it out with undefined. */
  setBackend(index: number, url: string | undefined): void;
  close(): Promise<void>;
}

const target = (url: string): { host: string; port: number } => {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port) };
};

export async function startBalancer(backends: (string | undefined)[]): Promise<Balancer> {
  const slots = [...backends];
  const counts = slots.map(() => 0);
  const sockets = new Set<Socket>();
  let next = 0;

  const pipe = (client: Socket, attempt: number): void => {
    const live = slots.map((url, index) => ({ url, index })).filter((s): s is { url: string; index: number } => s.url !== undefined);
    if (live.length === 0 || attempt >= live.length) {
      client.destroy();
      return;
    }
    const pick = live[(next + attempt) % live.length];
    if (!pick) return void client.destroy();
    const upstream = connect(target(pick.url));
    sockets.add(upstream);
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      counts[pick.index] = (counts[pick.index] ?? 0) + 1;
      next = (next + attempt + 1) % Math.max(1, live.length);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (!connected) pipe(client, attempt + 1);
      else client.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      if (connected) client.destroy();
    });
    client.on('close', () => upstream.destroy());
  };

  const server: Server = createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.on('error', () => client.destroy());
    client.on('close', () => sockets.delete(client));
    pipe(client, 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setBackend(index, url) {
      slots[index] = url;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
