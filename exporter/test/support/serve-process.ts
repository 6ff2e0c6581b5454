/**
 * `ecm-adoption-exporter serve` as a child process on 127.0.0.1, as an orchestrator
 * runs it: signals, exit codes and timings are the process's own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const EXPORTER = fileURLToPath(new URL('../../', import.meta.url));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export interface ServeProcess {
  child: ChildProcess;
  /** http://127.0.0.1:<port> */
  url: string;
  stdout(): string;
  stderr(): string;
  /** Sends the signal and resolves with the exit code and how long the process took to exit. */
  signal(signal: NodeJS.Signals, timeoutMs: number): Promise<{ code: number | null; ms: number }>;
  /** Stops the process whatever its state (SIGKILL after 10 s); for cleanup. */
  stop(): Promise<void>;
}

/** Starts `serve --port <free>` with exactly `env` (plus PATH) and waits until it listens. */
export async function spawnServe(env: Record<string, string>): Promise<ServeProcess> {
  const port = await freePort();
  // node --import tsx: one process, so the pid we signal is the exporter itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--port', String(port)], {
    cwd: EXPORTER,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  const stop = async (): Promise<void> => {
    if (!running()) return;
    child.kill('SIGKILL');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  while (!out.includes('serving http://')) {
    if (!running()) throw new Error(`serve exited with ${child.exitCode}:\n${out}${err}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`serve did not listen within 60 s:\n${out}${err}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    stdout: () => out,
    stderr: () => err,
    async signal(signal, timeoutMs) {
      const started = performance.now();
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
      return { code: child.exitCode, ms: performance.now() - started };
    },
    stop,
  };
}

/** JSON log lines of the process's stderr (pino). */
export function logLines(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line): unknown => JSON.parse(line))
    .filter((line): line is Record<string, unknown> => typeof line === 'object' && line !== null);
}
