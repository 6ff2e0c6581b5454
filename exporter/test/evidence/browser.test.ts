/**
 * The pack in a real browser (playwright-core + Debian's Chromium): it loads nothing
 * but itself, every section is there, every chart draws a point per review period,
 * and printed to PDF each part starts on a page of its own. Screenshots of the first
 * pages go to tests/artifacts/evidence/ (git-ignored) for a person to look at.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgliteDb } from '../../src/db/pglite.ts';
import { generateEvidence } from '../../src/evidence/generate.ts';
import { CHROMIUM_ARGS, DEFAULT_CHROMIUM, printPdf } from '../../src/evidence/pdf.ts';
import { renderEvidenceHtml } from '../../src/evidence/render/document.ts';
import { migrateReferenceSchema } from '../../src/migrate.ts';
import { insertEcmFixture, insertGovernanceFixture, NOW, SETTINGS } from './fixture.ts';

const ARTIFACTS = fileURLToPath(new URL('../../../tests/artifacts/evidence/', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
const PARTS = ['1. Adoption monitoring plan', '2. Governance timeline', '3. Indicators per review period', '4. What was found and what was done'];

describe.skipIf(!existsSync(CHROMIUM))('the evidence pack in Chromium', () => {
  let dir: string;
  let file: string;
  let html: string;
  let browser: Browser;
  beforeAll(async () => {
    const db = await createPgliteDb();
    try {
      await migrateReferenceSchema(db);
      await insertEcmFixture(db);
      await insertGovernanceFixture(db);
      const pack = await generateEvidence(
        {
          ecm: db,
          governance: db,
          settings: SETTINGS,
          statementTimeoutMs: 10_000,
          now: NOW,
          version: 'test',
          ecmSource: 'fixture',
          governanceSource: 'fixture',
        },
        { scope: { kind: 'location', locationId: 'home' } },
      );
      html = renderEvidenceHtml(pack, SETTINGS);
    } finally {
      await db.close();
    }
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecm-evidence-browser-'));
    file = path.join(dir, 'pack.html');
    await writeFile(file, html);
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads nothing but itself, shows every section and a point per review period in every chart', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).toString());
    expect(requests).toEqual([pathToFileURL(file).toString()]);

    const headings = await page.locator('h2').allTextContents();
    for (const part of PARTS) expect(headings).toContain(part);
    expect(await page.locator('[data-section="summary"]').textContent()).toContain('Tasks on time rose from 50%');

    const charts = page.locator('svg.chart-svg');
    expect(await charts.count()).toBe(7); // one per indicator
    for (let i = 0; i < 7; i += 1) {
      const chart = charts.nth(i);
      const declared = Number(await chart.getAttribute('data-points'));
      const points = chart.locator('.point');
      expect(await points.count()).toBe(declared);
      expect(declared).toBe(7); // the 7 review periods of the fixture
      const frame = await chart.boundingBox();
      for (let p = 0; p < declared; p += 1) {
        const box = await points.nth(p).boundingBox();
        if (!box || !frame) throw new Error(`chart ${i} point ${p} is not drawn`);
        expect(box.width).toBeGreaterThan(0);
        expect(box.x).toBeGreaterThanOrEqual(frame.x);
        expect(box.x + box.width).toBeLessThanOrEqual(frame.x + frame.width);
      }
    }
    // task_on_time: red, green, green, green, red, green, green by shape and colour.
    const points = page.locator('[data-indicator="task_on_time"] svg .point');
    const rags = await Promise.all(Array.from({ length: await points.count() }, (_, index) => points.nth(index).getAttribute('data-rag')));
    expect(rags).toEqual(['red', 'green', 'green', 'green', 'red', 'green', 'green']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'screen-top.png') });
    await page.locator('[data-indicator="task_on_time"]').screenshot({ path: path.join(ARTIFACTS, 'chart-task-on-time.png') });
    await page.close();
  });

  it('prints to A4 PDF with each part starting a page (pdfinfo, pdftotext), first pages kept as PNG', async () => {
    const pdf = path.join(dir, 'pack.pdf');
    await writeFile(pdf, await printPdf(html, CHROMIUM));
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)?.[1]);
    // Cover, the location's summary, and its four parts each start a new page.
    expect(pages).toBeGreaterThanOrEqual(6);
    expect(info).toMatch(/^Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)$/m);
    const firstLines: string[] = [];
    for (let page = 1; page <= pages; page += 1) {
      const text = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], { encoding: 'utf8' });
      firstLines.push(
        text
          .split('\n')
          .map((line) => line.trim())
          .find((line) => line !== '') ?? '',
      );
    }
    expect(firstLines[0]).toBe('ECM adoption: evidence pack');
    expect(firstLines[1]).toMatch(/^Home Fixture \(home, residential\)$/);
    for (const part of PARTS) expect(firstLines, part).toContain(part);
    execFileSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '4', pdf, path.join(ARTIFACTS, 'page')]);
    expect((await readdir(ARTIFACTS)).filter((name) => /^page-\d+\.png$/.test(name)).length).toBeGreaterThanOrEqual(4);
  });
});
