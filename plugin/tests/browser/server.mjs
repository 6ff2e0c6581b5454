// Bundles the harness page with esbuild and serves it on 127.0.0.1 (random free port).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));

export async function bundleHarness() {
  const result = await build({
    entryPoints: [join(here, 'harness.tsx')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    outfile: 'harness.js',
    // HARNESS_MINIFY=0 keeps names readable for a CPU profile of the harness.
    minify: process.env.HARNESS_MINIFY !== '0',
    jsx: 'transform',
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    // Grafana provides @grafana/runtime; the page gets a stub that records drill-downs.
    alias: { '@grafana/runtime': join(here, 'runtimeStub.ts') },
    loader: { '.svg': 'text', '.css': 'empty', '.woff': 'empty', '.woff2': 'empty', '.png': 'empty' },
  });
  const [file] = result.outputFiles;
  if (!file) {
    throw new Error('esbuild produced no harness bundle');
  }
  return file.contents;
}

/** Starts the page server; resolves to { url, close }. */
export async function serveHarness(script) {
  const html = await readFile(join(here, 'harness.html'));
  const server = createServer((request, response) => {
    if (request.url === '/' || request.url === '/harness.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (request.url === '/harness.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (!address || typeof address === 'string') {
    throw new Error('harness server has no port');
  }
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}
