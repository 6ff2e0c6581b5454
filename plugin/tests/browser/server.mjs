// Bundles the harness page with esbuild and serves it on 127.0.0.1 (random free port).
// Run through tsx (npm run test:browser): the page server is TypeScript, shared with hostPage.ts.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';

import { HTML, JAVASCRIPT, servePages } from './pageServer.ts';

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
  return servePages((path) => {
    if (path === '/' || path === '/harness.html') {
      return { type: HTML, body: html };
    }
    return path === '/harness.js' ? { type: JAVASCRIPT, body: script } : undefined;
  });
}
