/// <reference types="systemjs" />
/**
 * A page that loads the BUILT panel (dist/module.js) the way Grafana 12's plugin loader does
 * (public/app/features/plugins/loader/): SystemJS with its AMD extra, the shared packages registered
 * under `package:<name>` and mapped by an import map, plugin sources fetched, AMD ones wrapped to get
 * the stashed `define`, then evaluated; modules with `__useDefault` unwrapped. Then it renders the exported PanelPlugin's panel component with
 * frames decoded by @grafana/runtime's own `toDataQueryResponse`, field config applied by
 * `applyFieldOverrides` against the plugin's field config registry, as a dashboard does.
 */
import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUiRaw from '@grafana/ui';
import * as React from 'react';
import * as reactDom from 'react-dom';
import * as reactDomClient from 'react-dom/client';
import * as jsxDevRuntime from 'react/jsx-dev-runtime';
import * as jsxRuntime from 'react/jsx-runtime';

import { initGrafanaRegistries } from './grafanaRegistries';
import { markAsGraph, rangeResponseToFrames, type PromRangeResponse } from './prometheusFrames';
// Last: SystemJS' AMD `define` must not exist while the shared packages above initialise.
import { wrapAmdSource } from './systemJsLoader';

const {
  applyFieldOverrides,
  createTheme,
  dateTime,
  EventBusSrv,
  LoadingState,
  PanelOptionsEditorBuilder,
  PanelPlugin,
} = grafanaData;

// Grafana exposes the panel base classes on @grafana/ui too (the 6.4 -> 6.5 move), so do the same.
const grafanaUi: Record<string, unknown> = {
  ...grafanaUiRaw,
  PanelPlugin,
  DataSourcePlugin: grafanaData.DataSourcePlugin,
  AppPlugin: grafanaData.AppPlugin,
};

/**
 * The packages Grafana 12 shares with plugins that this page provides: the ones the scaffold's
 * webpack externals name and a panel like this one uses. Grafana also shares lodash, moment, rxjs,
 * jquery, d3, slate, prismjs, redux, react-router and i18next; `missingShared` reports any of those
 * the bundle starts to need, so the page is extended on purpose rather than silently.
 */
const SHARED: Record<string, System.Module> = {
  '@emotion/css': emotionCss,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
  react: React,
  'react/jsx-runtime': jsxRuntime,
  'react/jsx-dev-runtime': jsxDevRuntime,
  'react-dom': reactDom,
  'react-dom/client': reactDomClient,
};
// AMD's own pseudo-dependencies, resolved by the AMD extra itself (`module` gives webpack its public path).
const AMD_BUILTINS = new Set(['require', 'exports', 'module']);

function initSystemJs(): void {
  const imports: Record<string, string> = {};
  for (const [name, module] of Object.entries(SHARED)) {
    System.set(`package:${name}`, module);
    imports[name] = `package:${name}`;
  }
  System.addImportMap({ imports });
  const prototype: unknown = Object.getPrototypeOf(System);
  if (typeof prototype !== 'object' || prototype === null) {
    throw new Error('SystemJS has no prototype to hook');
  }
  // Grafana's default "fetch" loading strategy: fetch the source and evaluate it (not a <script> tag),
  // an AMD source wrapped so that its define() is SystemJS' one.
  const originalImport = System.import;
  const originalFetch: unknown = Reflect.get(prototype, 'fetch');
  if (typeof originalFetch !== 'function') {
    throw new Error('SystemJS has no fetch hook');
  }
  Object.assign(prototype, {
    shouldFetch: () => true,
    fetch: async (url: string, options?: RequestInit): Promise<Response> => {
      const response: unknown = await originalFetch.call(System, url, options);
      if (!(response instanceof Response)) {
        throw new Error(`SystemJS fetch of ${url} gave no Response`);
      }
      const type = response.headers.get('content-type') ?? '';
      if (!/^(text|application)\/(x-)?javascript(;|$)/.test(type)) {
        return response;
      }
      const source = await response.text();
      const transformed = /\bdefine\(/.test(source) ? wrapAmdSource(source) : source;
      return new Response(new Blob([transformed], { type: 'text/javascript' }));
    },
    // Plugins with only a default export are unwrapped, as Grafana's import hook does.
    import: (id: string, parentUrl?: string) =>
      originalImport.call(System, id, parentUrl).then((module) => (module.__useDefault ? module.default : module)),
  });
}

let plugin: grafanaData.PanelPlugin | undefined;

/** AMD dependencies of the bundle this page does not provide (should be none). */
function missingShared(amdDependencies: string[]): string[] {
  return amdDependencies.filter((name) => !AMD_BUILTINS.has(name) && !(name in SHARED));
}

async function loadPlugin(url: string): Promise<{ exports: string[] }> {
  const module = await System.import(url);
  const exported: unknown = module.plugin;
  if (!(exported instanceof PanelPlugin)) {
    // Not an instance of the page's own PanelPlugin: either not a panel, or @grafana/data was bundled.
    throw new Error(
      `${url} exports no PanelPlugin built on the shared @grafana/data (exports: ${Object.keys(module).join(', ')})`
    );
  }
  plugin = exported;
  return { exports: Object.keys(module) };
}

function requirePlugin(): grafanaData.PanelPlugin {
  if (!plugin) {
    throw new Error('loadPlugin() first');
  }
  return plugin;
}

export interface OptionSummary {
  path: string;
  category: string[];
  defaultValue: unknown;
}

/** Runs the options builder (Grafana does when the panel editor opens or defaults are applied). */
function describePlugin(): { options: OptionSummary[]; standardFieldOptions: string[]; fieldDefaults: unknown } {
  const loaded = requirePlugin();
  // As Grafana's panel editor does: a fresh builder handed to the plugin's options supplier.
  const builder = new PanelOptionsEditorBuilder();
  loaded.getPanelOptionsSupplier()(builder, { data: [] });
  return {
    options: builder
      .getItems()
      .map((item) => ({ path: item.path, category: item.category ?? [], defaultValue: item.defaultValue })),
    standardFieldOptions: loaded.fieldConfigRegistry.list().map((item) => item.id),
    fieldDefaults: loaded.fieldConfigDefaults.defaults,
  };
}

export interface DashboardPanel {
  id: number;
  title: string;
  options: Record<string, unknown>;
  fieldConfig: grafanaData.FieldConfigSource;
}

export interface QueryResult {
  refId: string;
  expr: string;
  stepMs: number;
  body: PromRangeResponse;
}

export interface RenderRequest {
  panel: DashboardPanel;
  results: QueryResult[];
  from: number;
  to: number;
  width: number;
  height: number;
}

export interface RenderResult {
  frames: number;
  refIds: string[];
  /** Answers -> frames -> field config applied, in ms. */
  decodeMs: number;
  /** Frames -> the panel painted (React render + two animation frames), in ms. */
  renderMs: number;
}

let root: reactDomClient.Root | undefined;

/** Renders the plugin's panel as a dashboard would, and resolves once the browser painted it. */
async function renderPanel(request: RenderRequest): Promise<RenderResult> {
  const started = performance.now();
  const loaded = requirePlugin();
  const Panel = loaded.panel;
  if (!Panel) {
    throw new Error('the PanelPlugin has no panel component');
  }
  const wire = Object.fromEntries(
    request.results.map((result) => [result.refId, { status: 200, frames: rangeResponseToFrames(result.body, result) }])
  );
  const response = grafanaRuntime.toDataQueryResponse(
    { data: { results: wire } },
    request.results.map(({ refId }) => ({ refId }))
  );
  const theme = createTheme({ colors: { mode: 'dark' } });
  // Grafana merges the saved options over the builder's defaults, and the plugin's field config
  // defaults under the saved ones (the panel's options are flat, so a shallow merge is the same).
  const options = { ...loaded.defaults, ...request.panel.options };
  const fieldConfig: grafanaData.FieldConfigSource = {
    defaults: { ...loaded.fieldConfigDefaults.defaults, ...request.panel.fieldConfig.defaults },
    overrides: request.panel.fieldConfig.overrides,
  };
  const replaceVariables: grafanaData.InterpolateFunction = (value) => value;
  const series = applyFieldOverrides({
    data: markAsGraph(response.data),
    fieldConfig,
    fieldConfigRegistry: loaded.fieldConfigRegistry,
    replaceVariables,
    theme,
    timeZone: 'browser',
  });
  const decoded = performance.now();
  const timeRange = {
    from: dateTime(request.from),
    to: dateTime(request.to),
    raw: { from: dateTime(request.from), to: dateTime(request.to) },
  };
  const props: grafanaData.PanelProps = {
    id: request.panel.id,
    title: request.panel.title,
    data: { state: LoadingState.Done, series, timeRange },
    timeRange,
    timeZone: 'browser',
    options,
    fieldConfig,
    transparent: false,
    width: request.width,
    height: request.height,
    renderCounter: 0,
    eventBus: new EventBusSrv(),
    replaceVariables,
    onOptionsChange: () => undefined,
    onFieldConfigChange: () => undefined,
    onChangeTimeRange: () => undefined,
  };
  const container = document.getElementById('root');
  if (!container) {
    throw new Error('host page has no #root');
  }
  document.body.style.background = theme.colors.background.canvas;
  root?.unmount();
  root = reactDomClient.createRoot(container);
  reactDom.flushSync(() => {
    root?.render(
      <grafanaUiRaw.ThemeContext.Provider value={theme}>
        <Panel {...props} />
      </grafanaUiRaw.ThemeContext.Provider>
    );
  });
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return {
    frames: series.length,
    refIds: [...new Set(series.map((frame) => frame.refId ?? ''))],
    decodeMs: decoded - started,
    renderMs: performance.now() - decoded,
  };
}

/**
 * renderPanel with the request fetched as JSON from `url`: a large answer reaches the page as a
 * browser receives it (Chrome's DevTools pipe refuses messages over 100 MB, and Playwright's
 * argument serialisation walks every sample). Fetching and parsing are counted in decodeMs.
 */
async function renderPanelFrom(url: string): Promise<RenderResult> {
  const started = performance.now();
  const request: RenderRequest = JSON.parse(await (await fetch(url)).text());
  const fetchedMs = performance.now() - started;
  const result = await renderPanel(request);
  return { ...result, decodeMs: result.decodeMs + fetchedMs };
}

const ecmHost = { missingShared, loadPlugin, describePlugin, renderPanel, renderPanelFrom };
export type EcmHost = typeof ecmHost;
declare global {
  interface Window {
    ecmHost: EcmHost;
  }
}

initGrafanaRegistries();
initSystemJs();
window.ecmHost = ecmHost;
