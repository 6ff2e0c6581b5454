/**
 * `ecm-adoption-exporter <args>` as a person runs it: a child process through tsx, its exit
 * code and both streams whole. INIT_CWD is cleared so relative paths resolve against the
 * process's working directory, not wherever npm was started.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with `args`, the test's environment plus `env`; never rejects (a failure is its exit code). */
export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, INIT_CWD: '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}
