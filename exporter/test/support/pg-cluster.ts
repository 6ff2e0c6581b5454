/**
 * Throwaway PostgreSQL clusters for tests and benchmarks that need their own server: a
 * primary with streaming replication allowed, a hot standby made with `pg_basebackup -R`,
 * or a server with `shared_preload_libraries` (which only a restart applies). initdb into a
 * directory, 127.0.0.1 only, a port of its own. Binaries from TEST_PG_BIN, else the Debian
 * path when running as root (initdb and postgres refuse root: they run as `postgres`).
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const DEBIAN_PG_BIN = '/usr/lib/postgresql/15/bin';
const isRoot = process.getuid?.() === 0;

/**
 * Where initdb and pg_ctl are, or why there is no way to run them: TEST_PG_BIN names the
 * folder; without it the Debian PostgreSQL 15 folder is used when running as root.
 */
export function pgBinaries(): { bin: string } | { missing: string } {
  const named = process.env.TEST_PG_BIN;
  if (named) return existsSync(path.join(named, 'initdb')) ? { bin: named } : { missing: `TEST_PG_BIN=${named} has no initdb` };
  if (isRoot && existsSync(path.join(DEBIAN_PG_BIN, 'initdb'))) return { bin: DEBIAN_PG_BIN };
  return { missing: 'set TEST_PG_BIN to the PostgreSQL 15 binaries (or run as root with /usr/lib/postgresql/15/bin installed)' };
}

function requireBin(): string {
  const found = pgBinaries();
  if ('missing' in found) throw new Error(found.missing);
  return found.bin;
}

function quote(arg: string): string {
  return `'${arg.replaceAll("'", "'\\''")}'`;
}

/** Runs a PostgreSQL binary, as `postgres` when root; returns its output. */
export function runPg(binary: string, args: readonly string[], timeoutMs = 120_000): string {
  const full = path.join(requireBin(), binary);
  const options = { encoding: 'utf8' as const, stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'], timeout: timeoutMs };
  if (!isRoot) return execFileSync(full, [...args], options);
  return execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [full, ...args].map(quote).join(' ')], options);
}

function ownedDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (!isRoot) return;
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  chownSync(dir, id('-u'), id('-g'));
}

export interface PgCluster {
  readonly port: number;
  readonly dir: string;
  readonly dataDir: string;
  /** URL of a database of this cluster as `postgres` (trust auth). */
  url(database?: string): string;
  /** pg_ctl start (waits until it accepts connections; a standby accepts read-only ones). */
  start(): void;
  stop(mode?: 'fast' | 'immediate'): void;
  /** The server log, for a failed test's message. */
  log(): string;
  /** Stops the server if running and deletes its directory (unless it was given to keep). */
  remove(): void;
}

export interface ClusterOptions {
  port: number;
  /** Kept after remove() when given (a benchmark's seeded data); a temporary directory otherwise. */
  dir?: string;
  /** Lines appended to postgresql.conf (`name = value`). */
  settings?: Readonly<Record<string, string>>;
}

function makeCluster(options: ClusterOptions, dir: string, keep: boolean): PgCluster {
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'postgres.log');
  let running = false;
  const cluster: PgCluster = {
    port: options.port,
    dir,
    dataDir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${options.port}/${encodeURIComponent(database)}`,
    start() {
      if (running) return;
      // -k: the socket in the cluster's own folder; -h: TCP on 127.0.0.1 only.
      runPg('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', `-p ${options.port} -h 127.0.0.1 -k ${dir}`, '-w', '-t', '120', 'start']);
      running = true;
    },
    stop(mode = 'fast') {
      if (!running) return;
      runPg('pg_ctl', ['-D', dataDir, '-m', mode, '-w', 'stop']);
      running = false;
    },
    log() {
      try {
        return readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      } catch (error) {
        return `(no log: ${error instanceof Error ? error.message : String(error)})`;
      }
    },
    remove() {
      if (running) {
        try {
          cluster.stop('immediate');
        } catch (error) {
          process.stderr.write(`pg_ctl stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}

/** Appends to a file of the data directory (appending keeps its owner, so the server may still read it). */
function appendSettings(dataDir: string, settings: Readonly<Record<string, string>>): void {
  const lines = Object.entries(settings).map(([name, value]) => `${name} = ${value}`);
  appendFileSync(path.join(dataDir, 'postgresql.conf'), `\n${lines.join('\n')}\n`);
}

/**
 * A new cluster (or, with a `dir` that already holds one, that cluster again), started.
 * Streaming replication is allowed from 127.0.0.1 (trust), so a standby can be made of it.
 */
export function createPgCluster(options: ClusterOptions): PgCluster {
  const dir = options.dir ?? mkdtempSync(path.join(tmpdir(), 'ecm-pg-'));
  ownedDir(dir);
  const cluster = makeCluster(options, dir, options.dir !== undefined);
  if (!existsSync(path.join(cluster.dataDir, 'PG_VERSION'))) {
    runPg('initdb', ['-D', cluster.dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
    appendSettings(cluster.dataDir, { listen_addresses: "'127.0.0.1'", fsync: 'off', ...options.settings });
    appendFileSync(path.join(cluster.dataDir, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
  }
  return started(cluster);
}

/**
 * A hot standby of `primary`: `pg_basebackup -R` (streaming replication, standby.signal and
 * primary_conninfo written), its own port and settings, started.
 */
export function createStandby(primary: PgCluster, options: { port: number; settings?: Readonly<Record<string, string>> }): PgCluster {
  const dir = mkdtempSync(path.join(tmpdir(), 'ecm-pg-standby-'));
  ownedDir(dir);
  const cluster = makeCluster({ port: options.port }, dir, false);
  runPg('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', cluster.dataDir, '-R', '-X', 'stream', '--no-sync']);
  appendSettings(cluster.dataDir, { hot_standby: 'on', ...options.settings });
  return started(cluster);
}

/** Starts the cluster; one that does not start is removed, and the error carries its log. */
function started(cluster: PgCluster): PgCluster {
  try {
    cluster.start();
  } catch (error) {
    const log = cluster.log();
    cluster.remove();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${log}`);
  }
  return cluster;
}
