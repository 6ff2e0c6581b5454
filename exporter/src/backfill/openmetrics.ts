/**
 * Writes OpenMetrics with timestamps for `promtool tsdb create-blocks-from openmetrics`.
 * OpenMetrics wants every sample of a family together, but the backfill produces one
 * location at a time; so each family is written to a file of its own next to the output
 * as locations come, and the families are joined into the output at the end (then
 * `# EOF`). Everything goes to temporary files in the output's folder and is renamed into
 * place only when complete: a failure never leaves half a file.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { appendFile, rename, stat, unlink } from 'node:fs/promises';
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

export interface WriteStats {
  samples: number;
  series: number;
  bytes: number;
  firstSeconds: number | undefined;
  lastSeconds: number | undefined;
}

export interface Sample {
  value: number;
  seconds: number;
}

/** One OpenMetrics file being written: its families in temporary files until assembled and committed. */
interface PartFile {
  addSeries(definition: MetricDefinition, text: string, samples: readonly Sample[]): Promise<void>;
  /** Joins the families into one temporary file (with # EOF). */
  assemble(): Promise<WriteStats>;
  /** Renames the assembled file into place. */
  commit(): Promise<void>;
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

const failure = (out: string, error: unknown): UserError =>
  error instanceof UserError ? error : new UserError(`cannot write ${out}: ${error instanceof Error ? error.message : String(error)}`);

function partFile(out: string, families: readonly MetricDefinition[]): PartFile {
  const temporary = (suffix: string): string => `${out}.${process.pid}.${suffix}.partial`;
  // Appended to and closed at once: with many part files open handles would run out.
  const written = new Set<string>();
  const stats: WriteStats = { samples: 0, series: 0, bytes: 0, firstSeconds: undefined, lastSeconds: undefined };
  const cleanup = async (): Promise<void> => {
    await Promise.all([...families.map((family) => temporary(family.name)), temporary('all')].map((file) => unlink(file).catch(() => undefined)));
  };
  return {
    async addSeries(definition, text, samples) {
      const first = samples[0];
      const last = samples.at(-1);
      if (!first || !last) return;
      await appendFile(temporary(definition.name), text);
      written.add(definition.name);
      stats.samples += samples.length;
      stats.series += 1;
      stats.firstSeconds = Math.min(stats.firstSeconds ?? first.seconds, first.seconds);
      stats.lastSeconds = Math.max(stats.lastSeconds ?? last.seconds, last.seconds);
    },
    async assemble() {
      const all = createWriteStream(temporary('all'));
      const write = (text: string | Buffer): Promise<void> => new Promise((resolve, reject) => all.write(text, (error) => (error ? reject(error) : resolve())));
      try {
        for (const family of families) {
          if (!written.has(family.name)) continue;
          await write(`# TYPE ${family.name} ${family.type}\n# HELP ${family.name} ${escapeHelp(family.help)}\n`);
          for await (const chunk of createReadStream(temporary(family.name))) await write(chunk as Buffer);
          await unlink(temporary(family.name));
        }
        await write('# EOF\n');
      } finally {
        await new Promise<void>((resolve, reject) => all.end((error?: Error | null) => (error ? reject(error) : resolve())));
      }
      stats.bytes = (await stat(temporary('all'))).size;
      return stats;
    },
    async commit() {
      await rename(temporary('all'), out);
    },
    abort: cleanup,
  };
}

export interface OutputStats extends WriteStats {
  files: string[];
  /** Two-hour blocks promtool 2.42 cuts from the files without `--max-block-duration` (one per two-hour range each file spans). */
  promtoolBlocks: number;
  /** Blocks it cuts with `--max-block-duration=744h` (PROMTOOL_MAX_BLOCK_DURATION). */
  promtoolLongBlocks: number;
}

export interface BackfillOutput {
  /** Appends one series (its samples ascending) to its family, in the file of each sample's period. */
  addSeries(definition: MetricDefinition, series: string, samples: readonly Sample[]): Promise<void>;
  /** Assembles every file, then renames them all into place. */
  finish(): Promise<OutputStats>;
  /** Removes every temporary file. */
  abort(): Promise<void>;
}

const TWO_HOURS_S = 7200;
/**
 * promtool 2.42 accepts `--max-block-duration` for OpenMetrics too, though its help does not list it:
 * it then cuts blocks of the longest TSDB range (2 h x 3^n) not over that duration, aligned on
 * multiples of it: 486 h for 744 h (31 days, the longest block Prometheus compacts to by default).
 * Checked with Debian's promtool 2.42: two weeks of hourly samples, 2 blocks in 0.5 s instead of
 * 168 in 22 s.
 */
export const PROMTOOL_MAX_BLOCK_DURATION = '744h';
const LONG_BLOCK_S = 486 * 3600;

export function promtoolBlocks(stats: WriteStats, blockSeconds = TWO_HOURS_S): number {
  if (stats.firstSeconds === undefined || stats.lastSeconds === undefined) return 0;
  return Math.floor(stats.lastSeconds / blockSeconds) - Math.floor(stats.firstSeconds / blockSeconds) + 1;
}

/** `history.om.txt` with a part starting 2026-03-02 -> `history-2026-03-02.om.txt`. */
export function partName(out: string, date: string): string {
  const base = path.basename(out);
  const dot = base.indexOf('.', 1);
  return path.join(path.dirname(out), dot < 0 ? `${base}-${date}` : `${base.slice(0, dot)}-${date}${base.slice(dot)}`);
}

/**
 * One file, or with `splitDays` one file per that many UTC days (named by the first day):
 * promtool reads its whole input once per two-hour block, so short files cost it far less.
 */
export function openBackfillOutput(out: string, families: readonly MetricDefinition[], splitDays?: number): BackfillOutput {
  const parts = new Map<number, { file: string; part: PartFile }>();
  let series = 0;
  const span = splitDays === undefined ? undefined : splitDays * 86_400;
  const partOf = (seconds: number): number => (span === undefined ? 0 : Math.floor(seconds / span));
  const abort = async (): Promise<void> => {
    await Promise.all([...parts.values()].map(({ part }) => part.abort()));
  };
  return {
    async addSeries(definition, name, samples) {
      if (samples.length > 0) series += 1;
      try {
        let index = 0;
        while (index < samples.length) {
          const key = partOf(samples[index]?.seconds ?? 0);
          let end = index;
          while (end < samples.length && partOf(samples[end]?.seconds ?? 0) === key) end += 1;
          const slice = samples.slice(index, end);
          let entry = parts.get(key);
          if (!entry) {
            const file = span === undefined ? out : partName(out, new Date(key * span * 1000).toISOString().slice(0, 10));
            entry = { file, part: partFile(file, families) };
            parts.set(key, entry);
          }
          await entry.part.addSeries(definition, slice.map((sample) => `${name} ${String(sample.value)} ${sample.seconds}\n`).join(''), slice);
          index = end;
        }
      } catch (error) {
        throw failure(out, error);
      }
    },
    async finish() {
      const total: OutputStats = {
        samples: 0,
        series: 0,
        bytes: 0,
        firstSeconds: undefined,
        lastSeconds: undefined,
        files: [],
        promtoolBlocks: 0,
        promtoolLongBlocks: 0,
      };
      try {
        const ordered = [...parts.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
        for (const { file, part } of ordered) {
          const stats = await part.assemble();
          total.samples += stats.samples;
          total.bytes += stats.bytes;
          total.firstSeconds = Math.min(total.firstSeconds ?? Infinity, stats.firstSeconds ?? Infinity);
          total.lastSeconds = Math.max(total.lastSeconds ?? -Infinity, stats.lastSeconds ?? -Infinity);
          total.promtoolBlocks += promtoolBlocks(stats);
          total.promtoolLongBlocks += promtoolBlocks(stats, LONG_BLOCK_S);
          total.files.push(file);
        }
        for (const { part } of ordered) await part.commit();
        return { ...total, series };
      } catch (error) {
        await abort();
        throw failure(out, error);
      }
    },
    abort,
  };
}
