/**
 * A process tree started the way a person starts it (`npm start` -> npm -> sh -> tsx -> node) runs in
 * one process group of its own. npm can exit before its children, so "stopped" means: no live
 * (non-zombie) process is left in the group, read from /proc.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface GroupMember {
  pid: number;
  state: string;
  cmdline: string;
}

/** Live members of process group `pgid` (zombies excluded: they have exited and hold nothing). */
export function groupMembers(pgid: number): GroupMember[] {
  const members: GroupMember[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    // Fields after the command name (which may contain spaces), see proc(5): state ppid pgrp ...
    const rest = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (!rest || Number(rest[2]) !== pgid || rest[0] === 'Z') continue;
    members.push({ pid: Number(entry), state: rest[0] ?? '?', cmdline: (readProc(`/proc/${entry}/cmdline`) ?? '').split('\0').join(' ').trim() });
  }
  return members;
}

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    // The process exited between readdir and read: it is not a member any more.
    if (error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ESRCH')) return undefined;
    throw error;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
  }
}

/**
 * SIGTERM to the whole group, then SIGKILL to whatever is left after `graceMs`. Resolves to the
 * members that ignored SIGTERM (empty when the tree shut down cleanly), so a test can assert it.
 */
export async function stopGroup(pgid: number, graceMs = 10_000): Promise<GroupMember[]> {
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (groupMembers(pgid).length === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stubborn = groupMembers(pgid);
  signalGroup(pgid, 'SIGKILL');
  return stubborn;
}
