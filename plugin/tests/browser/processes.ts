/**
 * Servers a browser test starts (the exporter demo, Prometheus): each in its own process group on
 * 127.0.0.1, output to a log file, and every group stopped at the end (SIGTERM, then SIGKILL),
 * also when the test failed or was interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface Started {
  name: string;
  child: ChildProcess;
  log: string;
}

const running = new Set<Started>();

export function startProcess(
  name: string,
  command: string,
  args: string[],
  logDir: string,
  env: NodeJS.ProcessEnv = {}
): Started {
  const log = join(logDir, `${name}.log`);
  const out = createWriteStream(log);
  const child = spawn(command, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  child.once('error', (error) => out.write(`spawn error: ${error.message}\n`));
  const started = { name, child, log };
  running.add(started);
  return started;
}

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ESRCH') {
      return false;
    }
    throw error;
  }
}

/** Stops one process group: SIGTERM, up to `graceMs` for the group to be gone, then SIGKILL. */
export async function stopProcess(started: Started, graceMs = 10_000): Promise<void> {
  running.delete(started);
  const pid = started.child.pid;
  if (pid === undefined || !signalGroup(pid, 'SIGTERM')) {
    return;
  }
  const deadline = Date.now() + graceMs;
  // signal 0 probes the group: it fails with ESRCH once no member is left.
  while (Date.now() < deadline && signalGroup(pid, 0)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  signalGroup(pid, 'SIGKILL');
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((started) => stopProcess(started)));
}

/** Last resort on SIGINT/SIGTERM of the runner: kill every group now. */
export function killAllNow(): void {
  for (const started of running) {
    if (started.child.pid !== undefined) {
      signalGroup(started.child.pid, 'SIGKILL');
    }
  }
}

export function tail(started: Started, lines = 30): string {
  return readFileSync(started.log, 'utf8').split('\n').slice(-lines).join('\n');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a value, the process died, or `timeoutMs` passed. */
export async function waitFor<T>(
  what: string,
  started: Started,
  timeoutMs: number,
  probe: () => Promise<T | undefined>
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) {
      throw new Error(`${started.name} exited ${started.child.exitCode} while waiting for ${what}:\n${tail(started)}`);
    }
    try {
      const value = await probe();
      if (value !== undefined) {
        return value;
      }
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}:\n${tail(started)}`
  );
}
