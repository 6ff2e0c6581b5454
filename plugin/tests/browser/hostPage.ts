/**
 * The page the built panel runs in for the browser test and the dashboard benchmark: Grafana's
 * host (grafanaHost.tsx) bundled by esbuild, dist/ served under Grafana's plugin asset URL, and
 * Debian's Chromium opened on it with the panel loaded through SystemJS.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

import { HTML, JAVASCRIPT, servePages, type PageServer } from './pageServer';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..', '..');
const DIST = join(ROOT, 'plugin', 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PLUGIN_ID = 'ecm-adoption-panel';

export function requireDist(): string {
  const module = join(DIST, 'module.js');
  if (!existsSync(module)) {
    throw new Error(`${module} is missing: this test loads the built panel, run \`npm run build\` first`);
  }
  return module;
}

/** `define(["dep", ...], ...)`: the AMD dependencies webpack left to the host. */
export function amdDependencies(source: string): string[] {
  const match = /define\((\[[^\]]*\])/.exec(source.slice(0, 4000));
  if (!match?.[1]) {
    throw new Error('dist/module.js is not an AMD module (no define([...]) header)');
  }
  const parsed: unknown = JSON.parse(match[1]);
  if (!Array.isArray(parsed) || !parsed.every((item): item is string => typeof item === 'string')) {
    throw new Error(`dist/module.js: unreadable AMD dependency list ${match[1]}`);
  }
  return parsed;
}

export async function bundleHost(): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [join(here, 'grafanaHost.tsx')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    outfile: 'host.js',
    minify: true,
    jsx: 'transform',
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
    loader: { '.svg': 'text', '.css': 'empty', '.woff': 'empty', '.woff2': 'empty', '.png': 'empty' },
  });
  const [file] = result.outputFiles;
  if (!file) {
    throw new Error('esbuild produced no host bundle');
  }
  return file.contents;
}

// Grafana's index.html sets grafanaBootData before any script; @grafana/runtime's config reads it.
const BOOT_DATA = {
  assets: { dark: '', light: '' },
  settings: { buildInfo: { version: '12.4.2' }, featureToggles: {} },
  user: { timezone: 'browser' },
  navTree: [],
};
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Grafana plugin host</title>
<script>window.grafanaBootData = ${JSON.stringify(BOOT_DATA)};</script></head>
<body><div id="root"></div><script src="/host.js"></script></body></html>`;

/** The page, and dist/ under Grafana's URL for plugin assets: /public/plugins/<id>/. */
export async function servePage(host: Uint8Array): Promise<PageServer> {
  const prefix = `/public/plugins/${PLUGIN_ID}/`;
  return servePages((path) => {
    if (path === '/') {
      return { type: HTML, body: PAGE };
    } else if (path === '/favicon.ico') {
      return { status: 204 };
    } else if (path === '/host.js') {
      return { type: JAVASCRIPT, body: host };
    } else if (!path.startsWith(prefix)) {
      return undefined;
    }
    const file = normalize(join(DIST, decodeURIComponent(path.slice(prefix.length))));
    if (!file.startsWith(DIST + sep) || !existsSync(file)) {
      return undefined;
    }
    const type = file.endsWith('.js')
      ? JAVASCRIPT
      : file.endsWith('.json')
        ? 'application/json'
        : 'application/octet-stream';
    return { type, body: readFileSync(file) };
  });
}

export interface HostPage {
  tab: Page;
  /** Page errors and console errors seen so far. */
  errors: string[];
  /** The AMD dependencies of dist/module.js the host does not share (should be none). */
  missing: string[];
  dependencies: string[];
  exports: string[];
  close: () => Promise<void>;
}

/** Chromium on the host page with dist/module.js loaded; `close` stops the browser and the page server. */
export async function openHostPage(profileDir: string, viewport: { width: number; height: number }): Promise<HostPage> {
  const moduleFile = requireDist();
  const dependencies = amdDependencies(readFileSync(moduleFile, 'utf8'));
  const server = await servePage(await bundleHost());
  let context: BrowserContext | undefined;
  const close = async (): Promise<void> => {
    await context?.close();
    await server.close();
  };
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const tab = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    tab.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`));
    // A loaded 2-core machine can take a while to parse the host bundle.
    await tab.goto(server.url, { timeout: 120_000 });
    await tab
      .waitForFunction(() => typeof window.ecmHost === 'object', undefined, { timeout: 120_000 })
      .catch((error: unknown) => {
        throw new Error(`the host page did not start: ${errors.join(' | ') || String(error)}`);
      });
    const missing = await tab.evaluate((deps) => window.ecmHost.missingShared(deps), dependencies);
    const loaded = await tab.evaluate(
      (src) => window.ecmHost.loadPlugin(src),
      `/public/plugins/${PLUGIN_ID}/module.js`
    );
    return { tab, errors, missing, dependencies, exports: loaded.exports, close };
  } catch (error) {
    await close();
    throw error;
  }
}
