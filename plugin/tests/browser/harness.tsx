import { createTheme } from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import React from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';

import { AdoptionPanel } from '../../src/components/AdoptionPanel';
import { buildAdoptionModel } from '../../src/data/buildModel';
import { DEFAULT_OPTIONS } from '../../src/types';
import { demoFrames, DEMO_LOCATIONS } from '../../src/fixtures/demo';
import { panelProps, timeRangeOf } from '../../src/test/panelProps';
import type { AdoptionPanelOptions } from '../../src/types';

export interface HarnessRequest {
  mode: 'dark' | 'light';
  options: Partial<AdoptionPanelOptions>;
  fixture: { indicators: number; locations: number; weeks: number };
  /** Only these first N demo locations are shown (location filter); 0 = all. */
  showLocations: number;
  width: number;
  height: number;
}

export interface HarnessResult {
  /** ms from mount to the committed DOM (frames -> model -> React tree). */
  renderMs: number;
  /** ms from mount to the next painted frame. */
  paintMs: number;
}

const NOW = Date.parse('2026-11-16T10:00:00Z');
let root: Root | undefined;

async function renderView(request: HarnessRequest): Promise<HarnessResult> {
  const weeksMs = request.fixture.weeks * 7 * 86_400_000;
  const frames = demoFrames({ ...request.fixture, now: NOW });
  const locations = request.showLocations > 0 ? DEMO_LOCATIONS.slice(0, request.showLocations) : [];
  const theme = createTheme({ colors: { mode: request.mode } });
  document.body.style.background = theme.colors.background.canvas;
  document.body.style.margin = '0';
  const container = document.getElementById('root');
  if (!container) {
    throw new Error('harness page has no #root');
  }
  container.style.padding = '8px';
  root?.unmount();
  root = createRoot(container);
  const props = panelProps(
    frames,
    { ...request.options, locations },
    { timeRange: timeRangeOf(NOW - weeksMs, NOW), width: request.width, height: request.height }
  );
  const start = performance.now();
  flushSync(() => {
    root?.render(
      <ThemeContext.Provider value={theme}>
        <AdoptionPanel {...props} />
      </ThemeContext.Provider>
    );
  });
  const renderMs = performance.now() - start;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return { renderMs, paintMs: performance.now() - start };
}

/** Time of the pure frames -> view model step alone, for the report's breakdown. */
function profileModel(fixture: HarnessRequest['fixture']): number {
  const frames = demoFrames({ ...fixture, now: NOW });
  const start = performance.now();
  buildAdoptionModel({
    frames,
    options: DEFAULT_OPTIONS,
    timeRange: { from: NOW - fixture.weeks * 7 * 86_400_000, to: NOW },
  });
  return performance.now() - start;
}

/**
 * The first Intl.DateTimeFormat with a time zone makes Chromium load its ICU zone data once per
 * process. Inside Grafana the time picker has paid that before any panel renders, so the runner
 * measures it separately and reports it next to the panel's own first render.
 */
function warmTimeZoneData(timeZone: string): number {
  const start = performance.now();
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: 'numeric' }).formatToParts(0);
  return performance.now() - start;
}

Object.assign(window, { renderView, profileModel, warmTimeZoneData });
