/**
 * Processes of the stack test: each in its own process group (so a wrapper's children die
 * with it), output to a log file, stopped with SIGTERM then SIGKILL. `stopAll` is called from
 * afterAll and from SIGINT/SIGTERM handlers, so nothing outlives the test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export interface Managed {
  name: string;
  child: ChildProcess;
  logFile: string;
  exited: Promise<number | null>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  logDir: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const running = new Set<Managed>();

export function start({ name, command, args, logDir, env, cwd }: StartOptions): Managed {
  const logFile = path.join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      log.write(`spawn error: ${error.message}\n`);
      resolve(-1);
    });
  });
  const managed: Managed = { name, child, logFile, exited };
  running.add(managed);
  void exited.then(() => running.delete(managed));
  return managed;
}

/** Sends `signal` to the process and its children (its process group), if still running. */
export function signalGroup(managed: Managed, signal: NodeJS.Signals): void {
  const pid = managed.child.pid;
  if (pid === undefined || managed.child.exitCode !== null || managed.child.signalCode !== null) return;
  try {
    process.kill(-pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what we want.
    if (!(error instanceof Error && 'code' in error && error.code === 'ESRCH')) throw error;
  }
}

export async function stop(managed: Managed, graceMs = 5_000): Promise<void> {
  signalGroup(managed, 'SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
  if ((await Promise.race([managed.exited, timer])) === 'timeout') {
    signalGroup(managed, 'SIGKILL');
    await managed.exited;
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((managed) => stop(managed)));
}

/** Synchronous last resort (signal handlers, process exit): SIGKILL every group left. */
export function killAllNow(): void {
  for (const managed of running) signalGroup(managed, 'SIGKILL');
}

export function tail(managed: Managed, lines = 30): string {
  try {
    return readFileSync(managed.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(no log: ${error instanceof Error ? error.message : String(error)})`;
  }
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, everyMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
