/**
 * A throwaway PostgreSQL 15 cluster: initdb into a temp dir (as the `postgres` user when run
 * as root), 127.0.0.1 only, fsync off, a free port. The stack test stops it to prove the
 * platform alert, so it never uses a shared server. A cluster can also start as a copy of a
 * stopped one (`from`): the fault drills seed one template and give each scenario its own copy.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Cluster {
  url: string;
  port: number;
  dataDir: string;
  /** URL of another database of this cluster, optionally as another role (trust auth). */
  urlFor(database: string, user?: string): string;
  start(): void;
  stop(): void;
  remove(): void;
}

const PG_BIN = process.env['TEST_PG_BIN'] ?? '/usr/lib/postgresql/15/bin';
const isRoot = process.getuid?.() === 0;

function run(binary: string, args: string[]): string {
  const full = path.join(PG_BIN, binary);
  if (!isRoot) return execFileSync(full, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // initdb and postgres refuse to run as root.
  const quoted = [full, ...args].map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
  return execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', quoted], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function postgresUid(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

/** Copies a directory as the user owning the clusters (postgres refuses foreign-owned data). */
function copyAsOwner(from: string, to: string): void {
  if (!isRoot) {
    execFileSync('cp', ['-a', from, to]);
    return;
  }
  execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', `cp -a '${from}' '${to}'`]);
}

/**
 * A new cluster on `port`, started: initdb'd, or a copy of `from` (which must be stopped, so
 * the copy is consistent).
 */
export function createCluster(port: number, from?: Cluster): Cluster {
  const dir = mkdtempSync(path.join(tmpdir(), 'ecm-stack-pg-'));
  if (isRoot) {
    const { uid, gid } = postgresUid();
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  if (from) copyAsOwner(from.dataDir, data);
  else run('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8']);
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  const startCluster = () => run('pg_ctl', ['-D', data, '-l', path.join(dir, 'postgres.log'), '-o', options, '-w', 'start']);
  startCluster();
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir: data,
    urlFor: (database, user = 'postgres') => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    start() {
      if (running) return;
      startCluster();
      running = true;
    },
    stop() {
      if (!running) return;
      run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      running = false;
    },
    remove() {
      if (running) {
        try {
          run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
        } catch (error) {
          process.stderr.write(`pg_ctl stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
        }
        running = false;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
