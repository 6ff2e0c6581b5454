/**
 * The panel's model is pure, but importing @grafana/data creates a store that listens on
 * `window` and a CSS helper that needs `document`. The test runs in Node (PGlite, promtool
 * and Prometheus; vitest's jsdom environment would also replace URL, which the exporter's
 * file URLs need), so only `window` and `document` come from a jsdom page.
 */
import { JSDOM } from 'jsdom';

const page = new JSDOM('<!doctype html><html><head></head><body></body></html>');
for (const [name, value] of [
  ['window', page.window],
  ['document', page.window.document],
] as const) {
  if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, configurable: true });
}
