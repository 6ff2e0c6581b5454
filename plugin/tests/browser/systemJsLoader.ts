/**
 * SystemJS with the extras Grafana loads (public/app/features/plugins/loader/systemjs.ts). Imported
 * AFTER the shared packages: the AMD extra installs a global `define`, and UMD builds such as
 * lodash's register themselves with any global AMD loader instead of exporting. Grafana therefore
 * moves it aside to `window.__grafana_amd_define` and hands it only to plugin sources (see
 * `wrapAmdSource`), which this file does too.
 */
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';
import 'systemjs/dist/extras/named-register.js';

declare global {
  interface Window {
    define?: unknown;
    __grafana_amd_define?: unknown;
  }
}

window.__grafana_amd_define = window.define;
window.define = undefined;

/** Grafana's preventAMDLoaderCollision: the plugin's `define(...)` call gets the stashed loader. */
export function wrapAmdSource(source: string): string {
  return `(function(define) {\n  ${source}\n})(window.__grafana_amd_define);`;
}
