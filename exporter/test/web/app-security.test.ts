/**
 * What the app answers on its own (no web config): 405 with Allow for other
 * methods on known paths, 404 elsewhere, HEAD wherever GET works, nosniff
 * everywhere, and the landing page's security headers — checked in Chromium
 * too: the page's style applies under its Content-Security-Policy, nothing is
 * reported as a violation, and it cannot be framed.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import type { MetricsEndpoint } from '../../src/runtime/endpoint.ts';
import { CONTENT_TYPE } from '../../src/runtime/exposition.ts';
import { listenOnLoopback, silentLogger } from '../runtime/helpers.ts';

const METRICS_TEXT = '# HELP up_test A test gauge.\n# TYPE up_test gauge\nup_test 1\n';

/** The endpoint is not under test here: a fixed body, ready. */
const fixedMetrics: MetricsEndpoint = {
  scrape: () => Promise.resolve(METRICS_TEXT),
  scrapeBody: () => Promise.resolve({ body: Buffer.from(METRICS_TEXT), gzip: false, contentType: CONTENT_TYPE }),
  ready: () => true,
  lastRefresh: () => ({ takenAt: new Date('2026-03-02T09:00:00Z'), ok: true }),
};

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, method: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

let server: { url: string; close(): Promise<void> };
beforeAll(async () => {
  server = await listenOnLoopback(createApp({ metrics: fixedMetrics, indicators: [], logger: silentLogger(), mode: 'test' }));
});
afterAll(async () => server?.close());

describe('methods', () => {
  it('other methods on known paths: 405 with Allow: GET, HEAD; unknown paths: 404 whatever the method', async () => {
    for (const pathname of ['/', '/metrics', '/healthz', '/readyz']) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
        const answer = await send(`${server.url}${pathname}`, method);
        expect({ pathname, method, status: answer.status, allow: answer.headers.allow }).toEqual({ pathname, method, status: 405, allow: 'GET, HEAD' });
      }
    }
    expect((await send(`${server.url}/nope`, 'POST')).status).toBe(404);
    expect((await send(`${server.url}/metrics/extra`, 'GET')).status).toBe(404);
  });

  it('HEAD answers like GET, without a body', async () => {
    for (const pathname of ['/', '/metrics', '/healthz', '/readyz']) {
      const [get, head] = [await send(`${server.url}${pathname}`, 'GET'), await send(`${server.url}${pathname}`, 'HEAD')];
      expect({ pathname, status: head.status, type: head.headers['content-type'], body: head.body }).toEqual({
        pathname,
        status: 200,
        type: get.headers['content-type'],
        body: '',
      });
      expect(get.body.length).toBeGreaterThan(0);
    }
    const head = await send(`${server.url}/metrics`, 'HEAD');
    expect(head.headers['content-type']).toBe(CONTENT_TYPE);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(METRICS_TEXT)));
  });
});

describe('security headers', () => {
  it('nosniff on every response: metrics, text, 404, 405', async () => {
    for (const [method, pathname] of [
      ['GET', '/metrics'],
      ['GET', '/healthz'],
      ['GET', '/nope'],
      ['POST', '/metrics'],
    ]) {
      expect((await send(`${server.url}${pathname}`, method ?? 'GET')).headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('the landing page: no scripts, its one style allowed by hash, no framing, no referrer', async () => {
    const page = await send(`${server.url}/`, 'GET');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('script-src');
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // The hash in the policy is the hash of the <style> the page really carries.
    const style = /<style>([\s\S]*?)<\/style>/.exec(page.body)?.[1] ?? '';
    expect(style.length).toBeGreaterThan(0);
    expect(csp).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(page.body).not.toMatch(/<script/i);
  });

  it('in Chromium: the style applies, no policy violation, and the page refuses to be framed', async () => {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(`${server.url}/`);
      // body{margin:2rem} from the inline style: 32 px when the hash lets it through, 8 px (the default) when not.
      expect(await page.evaluate('getComputedStyle(document.body).marginTop')).toBe('32px');
      expect(violations).toEqual([]);
      // Another page (a fresh tab, about:blank, no policy of its own) framing the landing page gets Chromium's error page.
      const parent = await browser.newPage();
      await parent.setContent(`<iframe src="${server.url}/"></iframe>`);
      await parent.waitForTimeout(1000);
      const frames = parent.frames().filter((frame) => frame !== parent.mainFrame());
      expect(frames.map((frame) => frame.url())).toEqual(['chrome-error://chromewebdata/']);
    } finally {
      await browser.close();
    }
  });
});
