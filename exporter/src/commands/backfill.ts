import path from 'node:path';
import type { Command } from 'commander';
import { runBackfill, type BackfillSummary } from '../backfill/run.ts';
import { checkWritable, PROMTOOL_MAX_BLOCK_DURATION } from '../backfill/openmetrics.ts';
import { invocationDir, loadConfig } from '../config/index.ts';
import { openDatabase } from '../db/open.ts';
import { UserError } from '../errors.ts';
import { parseDateFlag } from '../evidence/request.ts';

interface Flags {
  from?: string;
  to?: string;
  location?: string;
  splitDays?: string;
  out: string;
  config?: string;
  databaseUrl?: string;
}

const MB = 1024 * 1024;

/** promtool re-reads the whole file for each block it cuts: its time grows with blocks x file size, hence the flag. */
export function formatSummary(summary: BackfillSummary, out: string): string {
  return [
    `backfill written: ${out}`,
    `  locations ${summary.locations}, series ${summary.series}, samples ${summary.samples}, ${(summary.bytes / MB).toFixed(1)} MB, ${summary.seconds.toFixed(1)} s`,
    ...(summary.files.length > 1
      ? [`  ${summary.files.length} files: ${path.basename(summary.files[0] ?? '')} to ${path.basename(summary.files.at(-1) ?? '')}`]
      : []),
    `  promtool tsdb create-blocks-from openmetrics --max-block-duration=${PROMTOOL_MAX_BLOCK_DURATION} will cut ${summary.promtoolLongBlocks} blocks (${summary.promtoolBlocks} two-hour blocks without the flag; see docs/backfill.md)`,
    '',
  ].join('\n');
}

function parseSplitDays(value: string): number {
  const days = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(days >= 1 && days <= 366)) throw new UserError(`--split-days: expected a whole number of days from 1 to 366, got "${value.slice(0, 40)}"`);
  return days;
}

export function registerBackfill(program: Command): void {
  program
    .command('backfill')
    .description(
      'write the indicator history since go-live (hourly, as the exporter would have published it) as OpenMetrics for promtool tsdb create-blocks-from openmetrics',
    )
    .option('--from <date>', 'first local day, YYYY-MM-DD (default: go-live)')
    .option('--to <date>', 'last local day, YYYY-MM-DD, included (default: up to now)')
    .option('--location <id>', 'one location (ecm.locations.location_id); default: every location')
    .option('--split-days <n>', 'one file per n UTC days, named FILE-YYYY-MM-DD (for promtool without --max-block-duration: far faster on short files)')
    .requiredOption('--out <file>', 'the OpenMetrics file to write')
    .option(
      '--config <file>',
      'YAML config file: thresholds and settings (default: CONFIG_FILE, else documented defaults)',
      process.env.CONFIG_FILE || undefined,
    )
    .option('--database-url <url>', 'ECM database URL (or DATABASE_URL)')
    .action(async (flags: Flags) => {
      // Everything the user typed is checked before a database is opened.
      const from = flags.from === undefined ? undefined : parseDateFlag(flags.from, '--from');
      const to = flags.to === undefined ? undefined : parseDateFlag(flags.to, '--to');
      if (from !== undefined && to !== undefined && from > to) throw new UserError(`--from (${from}) is after --to (${to})`);
      const splitDays = flags.splitDays === undefined ? undefined : parseSplitDays(flags.splitDays);
      const base = invocationDir();
      const out = path.resolve(base, flags.out);
      await checkWritable(out, '--out');
      const config = await loadConfig({ file: flags.config, baseDir: base, env: process.env, requireDatabaseUrl: false });
      const db = await openDatabase(flags.databaseUrl ?? config.database.url, { max: 1 });
      const progress = process.stderr.isTTY
        ? (done: number, total: number, location: string) =>
            process.stderr.write(done < total ? `\rbackfill: location ${done + 1}/${total} ${location.slice(0, 40)}\u001b[K` : '\r\u001b[K')
        : undefined;
      let summary: BackfillSummary;
      try {
        summary = await runBackfill(
          {
            db,
            settings: config.indicators,
            statementTimeoutMs: config.refresh.statementTimeoutMs,
            now: new Date(),
            out,
            ...(progress ? { onProgress: progress } : {}),
          },
          { from, to, location: flags.location, splitDays },
        );
      } catch (error) {
        if (error instanceof UserError) throw error;
        // A database error or a statement timeout: one line naming it, exit 1, nothing written.
        throw new UserError(`the backfill could not be computed: ${error instanceof Error ? error.message : String(error)}`, 1);
      } finally {
        await db.close();
      }
      process.stdout.write(formatSummary(summary, flags.out));
    });
}
