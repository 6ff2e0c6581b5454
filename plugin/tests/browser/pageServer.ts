/**
 * The one HTTP server the browser tests put pages on: 127.0.0.1 only, a free port, each
 * request's path (query dropped) answered by the caller's `route`; no answer is a 404.
 */
import { createServer } from 'node:http';

export interface Served {
  status?: number;
  type?: string;
  body?: string | Uint8Array;
}

export interface PageServer {
  /** http://127.0.0.1:<port>/ */
  url: string;
  close: () => Promise<void>;
}

export const HTML = 'text/html; charset=utf-8';
export const JAVASCRIPT = 'text/javascript; charset=utf-8';

export async function servePages(route: (path: string) => Served | undefined): Promise<PageServer> {
  const server = createServer((request, response) => {
    const served = route((request.url ?? '/').split('?')[0] ?? '/') ?? { status: 404 };
    response
      .writeHead(served.status ?? 200, served.type === undefined ? {} : { 'content-type': served.type })
      .end(served.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') {
    server.close();
    throw new Error('page server has no port');
  }
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
