// npm run test:browser — renders the three views in real Chromium (Debian's /usr/bin/chromium via
// playwright-core), dark and light, from fixture frames; saves screenshots to tests/artifacts/, asserts
// what a manager must see, checks wallboard text >= 24 px at 1920x1080 and prints the first render time.
// With --screenshots (`npm run screenshots`) it also refreshes the committed src/img/*.png used by the
// READMEs and the plugin catalogue; a test run never touches them.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism as availableCores, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { textSizes } from './checks.mjs';
import { bundleHarness, serveHarness } from './server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = join(here, '..', '..', '..', 'tests', 'artifacts');
const PLUGIN_IMG = join(here, '..', '..', 'src', 'img');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1920, height: 1080 };
const BIG = { indicators: 12, locations: 20, weeks: 52 };
const MIN_WALLBOARD_PX = 24;
const RENDER_TARGET_MS = 200;
const TRAP = 'Staff are logging in (96%) but only 71% of tasks are recorded on time';
const UPDATE_SCREENSHOTS = process.argv.includes('--screenshots');

const failures = [];
/** [artifact, committed name] pairs copied to src/img/ at the end, only when every check passed. */
const images = [];
function check(ok, message) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (!ok) {
    failures.push(message);
  }
}

async function render(page, request) {
  return page.evaluate((r) => window.renderView(r), request);
}

async function shoot(page, name, committed) {
  const file = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  if (UPDATE_SCREENSHOTS && committed) {
    images.push([file, committed]);
  }
  console.log(`     screenshot ${file}`);
}

async function visibleText(page, text) {
  return page.getByText(text, { exact: false }).first().isVisible();
}

async function scorecard(page, mode) {
  const full = { width: VIEWPORT.width - 16, height: VIEWPORT.height - 16 };
  const zoneMs = mode === 'dark' ? await page.evaluate(() => window.warmTimeZoneData('Europe/London')) : 0;
  const timing = await render(page, { mode, options: { view: 'scorecard' }, fixture: BIG, showLocations: 0, ...full });
  if (mode === 'dark') {
    console.log(
      `     one-off ICU time-zone data load of this Chromium process: ${zoneMs.toFixed(1)} ms (already paid inside Grafana)`
    );
    console.log(
      `     first render of the 12 x 20 x 52-week scorecard: ${timing.renderMs.toFixed(1)} ms to DOM, ` +
        `${timing.paintMs.toFixed(1)} ms to paint (target < ${RENDER_TARGET_MS} ms; ` +
        `load average ${loadavg()[0]?.toFixed(1)} on ${availableCores()} cores)`
    );
    // One cold sample is at the mercy of other processes on a small CI box: also take the first
    // render of three freshly loaded pages and report their median.
    const cold = [];
    for (let i = 0; i < 3; i++) {
      await page.reload();
      await page.waitForFunction(() => typeof window.renderView === 'function');
      cold.push(
        (await render(page, { mode, options: { view: 'scorecard' }, fixture: BIG, showLocations: 0, ...full })).renderMs
      );
    }
    const median = [...cold].sort((a, b) => a - b)[1] ?? 0;
    console.log(
      `     first render in 3 fresh pages: ${cold.map((ms) => ms.toFixed(1)).join(', ')} ms, median ${median.toFixed(1)} ms`
    );
    const again = [];
    for (let i = 0; i < 3; i++) {
      again.push(
        (await render(page, { mode, options: { view: 'scorecard' }, fixture: BIG, showLocations: 0, ...full })).renderMs
      );
    }
    console.log(`     re-renders: ${again.map((ms) => ms.toFixed(1)).join(', ')} ms`);
    const modelMs = await page.evaluate((fixture) => window.profileModel(fixture), BIG);
    console.log(`     of which frames -> view model (warm): ${modelMs.toFixed(1)} ms`);
  }
  check(
    (await page.locator('[data-testid^="ecm-adoption-cell-"]').count()) === 240,
    `${mode} scorecard has 12 x 20 cells`
  );
  check(await visibleText(page, TRAP), `${mode} scorecard shows the usage-trap headline`);
  for (const label of ['Critical', 'On target', 'Below target']) {
    check(
      await page.locator('[data-testid="ecm-adoption-rag"]', { hasText: label }).first().isVisible(),
      `${mode} scorecard shows RAG label "${label}"`
    );
  }
  check(await visibleText(page, 'Suppressed: too few to publish'), `${mode} scorecard shows a suppressed cell`);
  await shoot(page, `scorecard-${mode}`, mode === 'dark' ? 'screenshot-scorecard.png' : undefined);
}

async function trend(page, mode) {
  await render(page, {
    mode,
    options: { view: 'trend', trendIndicator: 'task_on_time' },
    fixture: { indicators: 7, locations: 4, weeks: 52 },
    showLocations: 4,
    width: VIEWPORT.width - 16,
    height: VIEWPORT.height - 16,
  });
  check(await visibleText(page, 'Meadow View — Tasks on time'), `${mode} trend names location and indicator`);
  check(
    await page.locator('[data-testid="ecm-adoption-phase-switch"]').first().isVisible(),
    `${mode} trend marks the phase switch`
  );
  check(await visibleText(page, 'monthly from'), `${mode} trend labels the switch`);
  check(await visibleText(page, 'on target in a row'), `${mode} trend shows periods on target`);
  await shoot(page, `trend-${mode}`, mode === 'dark' ? 'screenshot-trend.png' : undefined);
}

async function wallboard(page, mode) {
  for (const size of [
    { width: VIEWPORT.width - 16, height: VIEWPORT.height - 16, label: 'full screen' },
    { width: 760, height: 420, label: 'small panel' },
  ]) {
    await render(page, { mode, options: { view: 'wallboard' }, fixture: BIG, showLocations: 6, ...size });
    const sizes = await page.evaluate(textSizes, MIN_WALLBOARD_PX);
    check(
      sizes.count > 0 && sizes.smallest >= MIN_WALLBOARD_PX,
      `${mode} wallboard (${size.label}) smallest text ${sizes.smallest}px over ${sizes.count} text nodes >= ${MIN_WALLBOARD_PX}px ${sizes.offenders.join('; ')}`
    );
    if (size.label === 'full screen') {
      const first = page.locator('[data-testid^="ecm-adoption-tile-"]').first();
      check(
        (await first.getAttribute('data-testid')) === 'ecm-adoption-tile-Rosewood House',
        `${mode} wallboard puts the worst location first`
      );
      check(await first.getByText(TRAP).isVisible(), `${mode} wallboard shows the usage-trap headline without hover`);
      await shoot(
        page,
        `wallboard-${mode}`,
        mode === 'dark' ? 'screenshot-wallboard.png' : 'screenshot-wallboard-light.png'
      );
    } else {
      await shoot(page, `wallboard-small-${mode}`);
    }
  }
}

async function main() {
  await mkdir(ARTIFACTS, { recursive: true });
  const script = await bundleHarness();
  const server = await serveHarness(script);
  const profile = await mkdtemp(join(tmpdir(), 'ecm-panel-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: VIEWPORT,
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
    const page = context.pages()[0] ?? (await context.newPage());
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    await page.waitForFunction(() => typeof window.renderView === 'function');
    for (const mode of ['dark', 'light']) {
      await scorecard(page, mode);
      await trend(page, mode);
      await wallboard(page, mode);
    }
    check(errors.length === 0, `no page errors ${errors.join(' | ')}`);
  } finally {
    await context?.close();
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.error(`\n${failures.length} browser check(s) failed`);
    process.exit(1);
  }
  console.log('\nall browser checks passed');
  for (const [file, committed] of images) {
    await copyFile(file, join(PLUGIN_IMG, committed));
    console.log(`updated src/img/${committed}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
