/**
 * Printing the pack to PDF with the machine's Chromium (Debian's `chromium`, or
 * CHROMIUM_PATH) through playwright-core's page.pdf(). playwright-core ships no
 * browser: without Chromium the caller explains how to print from a browser instead.
 */
import { accessSync, constants } from 'node:fs';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Flags that work headless in containers and never reach the network on their own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How to get a PDF without Chromium; printed by the CLI (exit 3) and in docs/evidence.md. */
export const PRINT_FROM_BROWSER =
  'open the HTML file in a browser (Chrome, Edge, Firefox or Safari), choose Print, set the destination to "Save as PDF", paper size A4 and "Background graphics" on, then save';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch (error) {
    if (error instanceof Error && 'code' in error) return false;
    throw error;
  }
}

/** CHROMIUM_PATH when set (it must exist), else /usr/bin/chromium when present, else undefined. */
export function findChromium(env: Readonly<Record<string, string | undefined>>): { path: string } | { missing: string } {
  const configured = env.CHROMIUM_PATH;
  if (configured) return executable(configured) ? { path: configured } : { missing: `CHROMIUM_PATH=${configured} is not an executable file` };
  return executable(DEFAULT_CHROMIUM)
    ? { path: DEFAULT_CHROMIUM }
    : { missing: `no Chromium at ${DEFAULT_CHROMIUM} (install Debian's chromium package or set CHROMIUM_PATH)` };
}

/** Renders the HTML to an A4 PDF; every request the page would make is refused. */
export async function printPdf(html: string, executablePath: string): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
