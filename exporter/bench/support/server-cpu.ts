/**
 * CPU seconds used by a local PostgreSQL server, all its processes together: the
 * postmaster's children (backends, parallel workers, checkpointer, WAL writer) while
 * they run, and through the postmaster's cutime/cstime once they have exited. On a
 * shared machine this is steadier than elapsed time. Linux /proc only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Queryable } from '../../src/db/types.ts';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS = 100;

/** Fields after the command name of /proc/<pid>/stat (field 3, state, is index 0). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch (error) {
    if (error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ESRCH')) return undefined; // exited meanwhile
    throw error;
  }
}

/** User + system CPU seconds of one process so far; undefined once it has exited. */
export function processCpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  // utime and stime are fields 14 and 15: indexes 11 and 12 here.
  return fields && (Number(fields[11]) + Number(fields[12])) / TICKS;
}

function totalCpu(postmaster: number): number | undefined {
  const own = statFields(postmaster);
  if (!own) return undefined;
  // utime, stime, cutime, cstime are fields 14..17: indexes 11..14 here; ppid is field 4: index 1.
  let ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(own[i]), 0);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === postmaster) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / TICKS;
}

/**
 * A reader of the server's CPU seconds so far, or of undefined when the server is not
 * local or its data directory is not readable (then only elapsed time is known).
 */
export async function serverCpuSeconds(db: Queryable): Promise<() => number | undefined> {
  const { rows } = await db.query<{ dir: string | null }>(`SELECT current_setting('data_directory', true) AS dir`);
  const dir = rows[0]?.dir;
  let postmaster: number | undefined;
  try {
    postmaster = dir ? Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]) : undefined;
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'EACCES'))) throw error;
    postmaster = undefined; // another machine's server, or not ours to read
  }
  return () => (postmaster === undefined ? undefined : totalCpu(postmaster));
}
