import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { invocationDir, loadConfig } from '../config/index.ts';
import { UserError } from '../errors.ts';
import { generateEvidence } from '../evidence/generate.ts';
import { findChromium, printPdf, PRINT_FROM_BROWSER } from '../evidence/pdf.ts';
import { renderEvidenceHtml } from '../evidence/render/document.ts';
import { parseEvidenceRequest } from '../evidence/request.ts';
import { openEvidenceDatabases } from '../evidence/sources.ts';
import { exporterVersion } from '../server.ts';

/** Exit status when the HTML was written but no PDF could be printed (no Chromium). */
export const EXIT_NO_PDF = 3;

interface Flags {
  location?: string;
  all?: boolean;
  from?: string;
  to?: string;
  out: string;
  pdf?: string;
  config?: string;
  databaseUrl?: string;
}

/** Checks a file can be written where asked before any query runs. */
async function checkWritable(file: string, flag: string): Promise<void> {
  const dir = path.dirname(file);
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new UserError(`${flag}: the folder ${dir} does not exist`);
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) throw new UserError(`${flag}: ${file} is a folder`);
}

/** Written next to the target and renamed into place: a failure never leaves half a file. */
async function writeAtomically(file: string, data: string | Buffer): Promise<void> {
  const temporary = `${file}.${process.pid}.partial`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw new UserError(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function registerEvidencePack(program: Command): void {
  program
    .command('evidence-pack')
    .description(
      'write the evidence pack (monitoring plan, governance timeline, indicators per review period, issues and actions) as one HTML file, optionally PDF',
    )
    .option('--location <id>', 'one location (ecm.locations.location_id)')
    .option('--all', 'every location')
    .option('--from <date>', 'first day, YYYY-MM-DD (default: go-live)')
    .option('--to <date>', 'last day, YYYY-MM-DD (default: today)')
    .requiredOption('--out <file.html>', 'the HTML file to write')
    .option('--pdf <file.pdf>', 'also print it to PDF with Chromium (CHROMIUM_PATH or /usr/bin/chromium)')
    .option(
      '--config <file>',
      'YAML config file: thresholds and settings (default: CONFIG_FILE, else documented defaults)',
      process.env.CONFIG_FILE || undefined,
    )
    .option('--database-url <url>', 'ECM database URL (or DATABASE_URL); the governance store is GOVERNANCE_DATABASE_URL, else the same database')
    .action(async (flags: Flags) => {
      const started = performance.now();
      // Everything the user typed is checked before a database is opened.
      const request = parseEvidenceRequest({ location: flags.location, all: flags.all, from: flags.from, to: flags.to });
      const base = invocationDir();
      const out = path.resolve(base, flags.out);
      const pdf = flags.pdf === undefined ? undefined : path.resolve(base, flags.pdf);
      await checkWritable(out, '--out');
      if (pdf) await checkWritable(pdf, '--pdf');
      const config = await loadConfig({ file: flags.config, baseDir: base, env: process.env, requireDatabaseUrl: false });
      const ecmUrl = flags.databaseUrl ?? config.database.url;
      // A governance store of its own only when one was named (GOVERNANCE_DATABASE_URL or database.governanceUrl).
      const { governanceUrl: configured, url: configuredEcm } = config.database;
      const governanceUrl = configured !== undefined && configured !== configuredEcm ? configured : ecmUrl;
      const databases = await openEvidenceDatabases(ecmUrl, governanceUrl);
      let html: string;
      try {
        const pack = await generateEvidence(
          { ...databases, settings: config.indicators, statementTimeoutMs: config.refresh.statementTimeoutMs, now: new Date(), version: exporterVersion() },
          request,
        );
        html = renderEvidenceHtml(pack, config.indicators);
      } catch (error) {
        if (error instanceof UserError) throw error;
        // A database error or a statement timeout: one line naming it, exit 1, nothing written.
        throw new UserError(`the evidence pack could not be computed: ${error instanceof Error ? error.message : String(error)}`, 1);
      } finally {
        await databases.close();
      }
      await writeAtomically(out, html);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`evidence pack written: ${flags.out} (${Math.round(Buffer.byteLength(html) / 1024)} KiB, ${seconds} s)\n`);
      if (pdf === undefined) return;
      const chromium = findChromium(process.env);
      if ('missing' in chromium) {
        process.stderr.write(`ecm-adoption-exporter: no PDF written: ${chromium.missing}. To make the PDF yourself, ${PRINT_FROM_BROWSER}.\n`);
        process.exitCode = EXIT_NO_PDF;
        return;
      }
      await writeAtomically(pdf, await printPdf(html, chromium.path));
      process.stdout.write(`evidence pack printed: ${flags.pdf ?? pdf}\n`);
    });
}
