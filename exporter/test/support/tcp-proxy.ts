/**
 * A TCP proxy on 127.0.0.1 that plays a database's network faults:
 *
 *   forward  bytes flow both ways (the database is fine);
 *   freeze   nothing flows and nothing is closed: open connections and new ones
 *            hang, as with a frozen host or a cut network without a reset;
 *   refuse   not listening: connections are refused, open ones are cut.
 *
 * Switching back to `forward` resumes frozen connections where they stood (TCP
 * would deliver the bytes after the cut heals) and listens again on the same port.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyMode = 'forward' | 'freeze' | 'refuse';

export interface TcpProxy {
  readonly port: number;
  mode(): ProxyMode;
  setMode(mode: ProxyMode): Promise<void>;
  /** A copy of a postgres:// URL with host and port pointing at the proxy. */
  urlFor(targetUrl: string): string;
  /** Connections currently open through the proxy. */
  connections(): number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
}

function listenOn(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('proxy has no TCP address'));
      else resolve(address.port);
    });
  });
}

export async function startTcpProxy(options: { targetHost: string; targetPort: number; mode?: ProxyMode }): Promise<TcpProxy> {
  if (options.targetHost !== '127.0.0.1' && options.targetHost !== 'localhost') throw new Error(`tests proxy to 127.0.0.1 only, not ${options.targetHost}`);
  let mode: ProxyMode = options.mode ?? 'forward';
  const pairs = new Set<Pair>();
  const server = createServer((client) => {
    const upstream = connect(options.targetPort, '127.0.0.1');
    const pair = { client, upstream };
    pairs.add(pair);
    const cut = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => upstream.write(chunk));
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    for (const socket of [client, upstream]) {
      socket.on('error', cut); // the other side sees the connection drop, as it would
      socket.on('close', cut);
    }
    if (mode === 'freeze') {
      client.pause();
      upstream.pause();
    }
  });
  const port = await listenOn(server, 0);
  if (mode === 'refuse') await new Promise<void>((resolve) => server.close(() => resolve()));

  const cutAll = (): void => {
    for (const pair of pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    pairs.clear();
  };

  return {
    port,
    mode: () => mode,
    async setMode(next) {
      const previous = mode;
      mode = next;
      if (next === 'refuse') {
        cutAll();
        if (previous !== 'refuse') await new Promise<void>((resolve) => server.close(() => resolve()));
        return;
      }
      if (previous === 'refuse') await listenOn(server, port);
      for (const { client, upstream } of pairs) {
        if (next === 'freeze') {
          client.pause();
          upstream.pause();
        } else {
          client.resume();
          upstream.resume();
        }
      }
    },
    urlFor(targetUrl) {
      const url = new URL(targetUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    connections: () => pairs.size,
    async close() {
      cutAll();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
