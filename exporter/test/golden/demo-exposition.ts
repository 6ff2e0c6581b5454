/**
 * The demo's /metrics at a fixed instant, as the golden file (demo-metrics.prom beside this file)
 * holds it. `demo --now` fixes the clock of the data and of every refresh, so the exposition is
 * the same on every run except for what measures this process at this moment; that is
 * normalised, and nothing else:
 *
 * - every `process_*` and `nodejs_*` family (CPU, memory, event loop, heap, GC, Node version) is
 *   left out: the golden test checks separately that the standard ones are there;
 * - the values of `ecm_adoption_exporter_query_duration_seconds` and
 *   `ecm_adoption_exporter_refresh_duration_seconds` read `<duration>`;
 * - `ecm_adoption_exporter_build_info{version}` reads `version="<version>"`.
 *
 * The refresh interval is an hour, so the scrape sees each lane's first run and nothing later.
 * Update with `npm run golden:update` and review the diff: a change of a name, a label or a
 * help text shows there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/serve-process.ts';

export const GOLDEN_FILE = fileURLToPath(new URL('./demo-metrics.prom', import.meta.url));
/** A Wednesday in British Summer Time: weeks, months and go-live dates are cut in local time. */
export const GOLDEN_NOW = '2026-06-17T09:30:00Z';

const EXPORTER = fileURLToPath(new URL('../../', import.meta.url));
const RUNTIME_FAMILY = /^(process|nodejs)_/;
const DURATIONS = new Set(['ecm_adoption_exporter_query_duration_seconds', 'ecm_adoption_exporter_refresh_duration_seconds']);

/** The family a line of the text format belongs to: the name after # HELP / # TYPE, or the sample's. */
function familyOf(line: string): string {
  const meta = /^# (?:HELP|TYPE) (\S+)/.exec(line);
  if (meta?.[1]) return meta[1];
  return /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line)?.[1] ?? '';
}

export function normaliseExposition(text: string): string {
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    const name = familyOf(line);
    if (RUNTIME_FAMILY.test(name)) continue;
    if (!line.startsWith('#') && DURATIONS.has(name)) kept.push(line.replace(/ \S+$/, ' <duration>'));
    else if (name === 'ecm_adoption_exporter_build_info' && !line.startsWith('#')) kept.push(line.replace(/version="[^"]*"/, 'version="<version>"'));
    else kept.push(line);
  }
  // Dropping families leaves their blank separators behind: one blank line between families.
  return `${kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

export interface Demo {
  url: string;
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `demo --now GOLDEN_NOW` on a free port of 127.0.0.1 and waits until both lanes have run. */
export async function startGoldenDemo(): Promise<Demo> {
  const port = await freePort();
  // node --import tsx: one process, so the pid we signal is the exporter itself.
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'demo', '--port', String(port), '--now', GOLDEN_NOW], {
    cwd: EXPORTER,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', REFRESH_INTERVAL_SECONDS: '3600' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    return child.exitCode;
  };
  const deadline = Date.now() + 120_000;
  // The demo's `ready` line: both refresh lanes have run once.
  while (!/ready \d+\.\d s after start/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`demo not ready (exit ${String(child.exitCode)}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url: `http://127.0.0.1:${port}`, output: () => output, stop };
}

/**
 * The lines that differ, as a unified diff without line numbers (`-` golden, `+` now), with two
 * lines of context: what a reviewer needs to see which name, label or help text changed.
 */
export function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  // Longest common subsequence table, from the ends (files are a few hundred lines).
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      const row = lcs[i] ?? [];
      row[j] = a[i] === b[j] ? (lcs[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const ops: Array<{ kind: ' ' | '-' | '+'; line: string }> = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] ?? '' });
      i += 1;
      j += 1;
    }
    // Else drop from the side whose rest keeps the longer common subsequence.
    else if (j < b.length && (i >= a.length || (lcs[i]?.[j + 1] ?? 0) >= (lcs[i + 1]?.[j] ?? 0))) ops.push({ kind: '+', line: b[j++] ?? '' });
    else ops.push({ kind: '-', line: a[i++] ?? '' });
  }
  const shown = new Set<number>();
  ops.forEach((op, index) => {
    if (op.kind === ' ') return;
    for (let k = Math.max(0, index - 2); k <= Math.min(ops.length - 1, index + 2); k += 1) shown.add(k);
  });
  const lines: string[] = [];
  let last = -1;
  for (const index of [...shown].sort((x, y) => x - y)) {
    if (last >= 0 && index > last + 1) lines.push('...');
    const op = ops[index];
    if (op) lines.push(`${op.kind} ${op.line}`);
    last = index;
  }
  return lines.join('\n');
}
