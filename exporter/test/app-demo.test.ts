import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseMetrics, promtoolFindings, samplesOf } from './runtime/helpers.ts';
import { freePort } from './support/serve-process.ts';

const EXPORTER = fileURLToPath(new URL('../', import.meta.url));

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** /readyz 200 (the live gauges read) and the demo's `ready` line (both refresh lanes done: the indicators too). */
async function waitForReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  // 12 to 19 s on an idle 2-core machine; the margin is for a machine busy with other work.
  const deadline = Date.now() + 150_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`demo exited with ${child.exitCode}:\n${output()}`);
    const status = await fetch(`${url}/readyz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200 && /ready \d+\.\d s after start/.test(output())) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`demo not ready within 150 s:\n${output()}`);
}

describe('demo command end to end', () => {
  it('seeds an embedded database, serves indicators on the given port, and stops on SIGTERM', async () => {
    const port = await freePort();
    // node --import tsx: one process, so the pid we signal is the exporter itself.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'demo', '--port', String(port)], {
      cwd: EXPORTER,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = `http://127.0.0.1:${port}`;
    let exposition = '';
    try {
      await waitForReady(url, child, () => stdout + stderr);
      expect(stdout).toContain(`listening on ${url}/`);
      expect(stdout).toMatch(/ready \d+\.\d s after start/);
      const text = await (await fetch(`${url}/metrics`)).text();
      const families = parseMetrics(text);
      expect(samplesOf(families, 'ecm_adoption_exporter_up')).toEqual([{ labels: {}, value: 1 }]);
      expect(samplesOf(families, 'ecm_adoption_exporter_source_up').map((s) => s.value)).toEqual([1, 1]);
      // Every domain read once, at a time in the last few minutes (the demo's clock is the system's).
      const read = samplesOf(families, 'ecm_adoption_exporter_data_timestamp_seconds');
      expect(read.map((s) => s.labels.domain)).toEqual(['safety', 'indicators', 'governance']);
      expect(read.every((s) => Math.abs(Date.now() / 1000 - s.value) < 300)).toBe(true);
      // The demo seeds the governance logs into the same embedded database.
      expect(samplesOf(families, 'ecm_adoption_governance_store_state')).toContainEqual({ labels: { state: 'ready' }, value: 1 });
      const names = new Set(families.map((f) => f.name));
      for (const name of [
        'ecm_adoption_indicator_ratio',
        'ecm_adoption_indicator_numerator',
        'ecm_adoption_indicator_denominator',
        'ecm_adoption_indicator_threshold_ratio',
        'ecm_adoption_indicator_status',
        'ecm_adoption_governance_phase',
        'ecm_adoption_tasks_overdue',
      ]) {
        expect(names).toContain(name);
      }
      // The small profile is one care home: every windowed ratio is labelled with it, for 7d and 28d.
      const ratios = samplesOf(families, 'ecm_adoption_indicator_ratio');
      expect(new Set(ratios.map((s) => s.labels.location)).size).toBe(1);
      expect(new Set(ratios.map((s) => s.labels.window))).toEqual(new Set(['7d', '28d']));
      expect(ratios.every((s) => s.value >= 0 && s.value <= 1)).toBe(true);
      exposition = text;
    } finally {
      await stop(child);
    }
    // Graceful: SIGTERM closed the server and the database, exiting 0.
    expect(child.exitCode).toBe(0);
    expect(await promtoolFindings(exposition)).toEqual([]);
    // Room for the 90 s readiness wait above: seeding takes far longer on a loaded machine.
  }, 150_000);
});
