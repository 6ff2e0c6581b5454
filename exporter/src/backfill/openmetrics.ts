/**
 * Writes OpenMetrics with timestamps for `promtool tsdb create-blocks-from openmetrics`.
 * OpenMetrics wants every sample of a family together, but the backfill produces one
 * location at a time; so each family is written to a file of its own next to the output
 * as locations come, and the families are joined into the output at the end (then
 * `# EOF`). Everything goes to temporary files in the output's folder and is renamed into
 * place only when complete: a failure never leaves half a file.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../errors.ts';
import type { MetricDefinition } from '../shared/metrics.ts';

const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const escapeHelp = escapeLabel;

/** `{a="x",b="y"}` in the definition's label order. */
export function labelText(definition: MetricDefinition, labels: Readonly<Record<string, string>>): string {
  const parts = definition.labels.map((label) => `${label.name}="${escapeLabel(labels[label.name] ?? '')}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/** One series' samples, ascending: `name{labels} value seconds`. */
export function seriesLines(name: string, labels: string, samples: Iterable<{ value: number; seconds: number }>): { text: string; count: number } {
  const lines: string[] = [];
  for (const { value, seconds } of samples) lines.push(`${name}${labels} ${String(value)} ${seconds}\n`);
  return { text: lines.join(''), count: lines.length };
}

export interface WriteStats {
  samples: number;
  series: number;
  bytes: number;
  firstSeconds: number | undefined;
  lastSeconds: number | undefined;
}

export interface OpenMetricsFile {
  /** Appends one series (all its samples, ascending) to its family. */
  addSeries(definition: MetricDefinition, text: string, samples: number, seconds: { first: number; last: number }): Promise<void>;
  /** Joins the families into the output and renames it into place. */
  finish(): Promise<WriteStats>;
  /** Removes every temporary file. */
  abort(): Promise<void>;
}

/** Checks the output can be written where asked before any query runs. */
export async function checkWritable(file: string, flag: string): Promise<void> {
  const dir = path.dirname(file);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UserError(`${flag}: the folder ${dir} does not exist`);
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) throw new UserError(`${flag}: ${file} is a folder`);
}

export function openMetricsFile(out: string, families: readonly MetricDefinition[]): OpenMetricsFile {
  const temporary = (suffix: string): string => `${out}.${process.pid}.${suffix}.partial`;
  const handles = new Map<string, FileHandle>();
  const stats: WriteStats = { samples: 0, series: 0, bytes: 0, firstSeconds: undefined, lastSeconds: undefined };
  const cleanup = async (): Promise<void> => {
    await Promise.all([...handles.values()].map((handle) => handle.close().catch(() => undefined)));
    handles.clear();
    await Promise.all([...families.map((family) => temporary(family.name)), temporary('all')].map((file) => unlink(file).catch(() => undefined)));
  };
  const fail = (error: unknown): UserError =>
    error instanceof UserError ? error : new UserError(`cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`);
  return {
    async addSeries(definition, text, samples, seconds) {
      if (samples === 0) return;
      try {
        let handle = handles.get(definition.name);
        if (!handle) {
          handle = await open(temporary(definition.name), 'w');
          handles.set(definition.name, handle);
        }
        await handle.write(text);
      } catch (error) {
        throw fail(error);
      }
      stats.samples += samples;
      stats.series += 1;
      stats.firstSeconds = Math.min(stats.firstSeconds ?? seconds.first, seconds.first);
      stats.lastSeconds = Math.max(stats.lastSeconds ?? seconds.last, seconds.last);
    },
    async finish() {
      try {
        await Promise.all([...handles.values()].map((handle) => handle.close()));
        const all = createWriteStream(temporary('all'));
        const write = (text: string | Buffer): Promise<void> =>
          new Promise((resolve, reject) => all.write(text, (error) => (error ? reject(error) : resolve())));
        for (const family of families) {
          if (!handles.has(family.name)) continue;
          await write(`# TYPE ${family.name} ${family.type}\n# HELP ${family.name} ${escapeHelp(family.help)}\n`);
          for await (const chunk of createReadStream(temporary(family.name))) await write(chunk as Buffer);
        }
        await write('# EOF\n');
        await new Promise<void>((resolve, reject) => all.end((error?: Error | null) => (error ? reject(error) : resolve())));
        stats.bytes = (await stat(temporary('all'))).size;
        await rename(temporary('all'), out);
        handles.clear();
        await cleanup();
        return stats;
      } catch (error) {
        await cleanup();
        throw fail(error);
      }
    },
    abort: cleanup,
  };
}
