/**
 * A TCP proxy on 127.0.0.1 that can play a healthy, hung or refusing database:
 *   forward  pass bytes both ways;
 *   freeze   stop passing bytes without closing anything (a hung server: connections open,
 *            queries never answered, new connections accepted and never served);
 *   refuse   close every connection and stop listening (connection refused).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyMode = 'forward' | 'freeze' | 'refuse';

export interface TcpProxy {
  port: number;
  mode(): ProxyMode;
  setMode(mode: ProxyMode): Promise<void>;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket | undefined;
}

export async function startTcpProxy(targetPort: number, listenPort = 0): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  const pairs = new Set<Pair>();

  function destroy(pair: Pair): void {
    pair.client.destroy();
    pair.upstream?.destroy();
    pairs.delete(pair);
  }

  function flow(pair: Pair): void {
    if (!pair.upstream) return;
    pair.client.pipe(pair.upstream);
    pair.upstream.pipe(pair.client);
  }

  /** Unpiped and paused: a later 'drain' cannot restart the flow. Bytes stay buffered. */
  function hold(pair: Pair): void {
    if (pair.upstream) {
      pair.client.unpipe(pair.upstream);
      pair.upstream.unpipe(pair.client);
      pair.upstream.pause();
    }
    pair.client.pause();
  }

  function link(pair: Pair): void {
    const upstream = connect(targetPort, '127.0.0.1');
    pair.upstream = upstream;
    upstream.on('error', () => destroy(pair));
    upstream.on('close', () => destroy(pair));
    flow(pair);
  }

  const server: Server = createServer((client) => {
    const pair: Pair = { client, upstream: undefined };
    pairs.add(pair);
    client.on('error', () => destroy(pair));
    client.on('close', () => destroy(pair));
    if (mode === 'forward') link(pair);
    else client.pause(); // frozen: accepted, never served
  });

  async function listen(port: number): Promise<number> {
    return await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  const closeServer = (): Promise<void> => new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const port = await listen(listenPort);

  return {
    port,
    mode: () => mode,
    async setMode(next) {
      if (next === mode) return;
      const previous = mode;
      mode = next;
      if (next === 'refuse') {
        for (const pair of [...pairs]) destroy(pair);
        await closeServer();
        return;
      }
      if (previous === 'refuse') await listen(port);
      for (const pair of pairs) {
        if (next === 'freeze') hold(pair);
        else if (pair.upstream) flow(pair);
        else link(pair);
      }
    },
    async close() {
      for (const pair of [...pairs]) destroy(pair);
      await closeServer();
    },
  };
}
