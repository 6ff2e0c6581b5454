/**
 * No command prints a database password: not for an invalid URL, not for a refused
 * connection, not in --help (whose defaults come from the environment). The real
 * CLI runs in child processes; "refused" is a port on 127.0.0.1 nothing listens on.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_HEADER } from './governance/import-support.ts';

const EXPORTER = fileURLToPath(new URL('../', import.meta.url));
const TSX = path.join(EXPORTER, '..', 'node_modules', '.bin', 'tsx');
// Every password below contains this; no output may. Each test runs its CLIs side by side (a few seconds each).
const MARK = 'S3cretMark';

interface Run {
  code: number;
  output: string;
}

/** The real CLI with a clean environment; stdout and stderr together. */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(TSX, ['src/cli.ts', ...args], { cwd: EXPORTER, env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

/** A port on 127.0.0.1 that refuses connections: bound once, then released. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('database passwords never reach the output', () => {
  let port: number;
  let dir: string;
  let csv: string;
  beforeAll(async () => {
    port = await refusedPort();
    dir = await mkdtemp(path.join(tmpdir(), 'ecm-secrets-'));
    csv = path.join(dir, 'feedback.csv');
    await writeFile(csv, `${FEEDBACK_HEADER}\nX1,loc-1,01/11/2026,nurse,3,none,\n`);
    await writeFile(path.join(dir, 'config.yaml'), 'server: { port: 9300 }\n');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('an invalid DATABASE_URL (serve, check-config) and --database-url (migrate)', async () => {
    const [serve, check, migrate, unparsable] = await Promise.all([
      cli(['serve'], { DATABASE_URL: `mysql://ecm:${MARK}1@127.0.0.1/ecm` }),
      cli(['check-config', path.join(dir, 'config.yaml')], { GOVERNANCE_DATABASE_URL: `postgres//gov:${MARK}2@127.0.0.1/adoption` }),
      cli(['migrate', '--database-url', `mysql://ecm:${MARK}3@127.0.0.1/ecm`]),
      // `#` in the password: the URL does not parse (pg would say "Invalid URL"); nothing of it is shown.
      cli(['serve'], { DATABASE_URL: `postgres://ecm:pa#${MARK}4@127.0.0.1:${port}/ecm` }),
    ]);
    for (const run of [serve, check, migrate, unparsable]) {
      expect(run.code).toBe(2);
      expect(run.output).not.toContain(MARK);
    }
    expect(serve.output).toContain('env DATABASE_URL: must be a postgres:// or postgresql:// URL (got "mysql://ecm:***@127.0.0.1/ecm")');
    // "postgres//gov..." has no "://": not even the scheme can be told.
    expect(check.output).toContain('env GOVERNANCE_DATABASE_URL: must be a postgres:// or postgresql:// URL (got "(not a URL; not shown)")');
    expect(migrate.output).toBe('ecm-adoption-exporter: the database URL must be a postgres:// or postgresql:// URL, got mysql://ecm:***@127.0.0.1/ecm\n');
    // serve connects only after it has started (it retries a database that is down), so a URL it
    // could never use is refused with the rest of the configuration, before it listens.
    expect(unparsable.output).toContain(
      `env DATABASE_URL: is not a valid URL (percent-encode characters such as # / ? @ in the user name or password) (got "postgres://ecm:***@127.0.0.1:${port}/ecm")`,
    );
  }, 180_000);

  it('a valid URL with a password and a refused connection (migrate, seed, migrate-governance, import)', async () => {
    const url = (n: number, query = ''): string => `postgres://ecm:${MARK}${n}@127.0.0.1:${port}/ecm${query}`;
    const [migrate, seed, governance, imported, queryPassword] = await Promise.all([
      cli(['migrate'], { DATABASE_URL: url(5) }),
      cli(['seed', '--profile', 'small', '--seed', '1', '--database-url', url(6)]),
      cli(['migrate-governance'], { GOVERNANCE_DATABASE_URL: url(7) }),
      cli(['import', 'feedback', csv, '--database-url', url(8)]),
      cli(['migrate', '--database-url', `postgres://ecm@127.0.0.1:${port}/ecm?application_name=t&password=${MARK}9`]),
    ]);
    const refused = `ECONNREFUSED 127.0.0.1:${port}`;
    for (const run of [migrate, seed, governance, imported]) {
      expect(run.code).toBe(2);
      expect(run.output).not.toContain(MARK);
      expect(run.output).toContain(`ecm-adoption-exporter: cannot connect to the database at postgres://ecm:***@127.0.0.1:${port}/ecm: connect ${refused}`);
    }
    expect(queryPassword.code).toBe(2);
    expect(queryPassword.output).not.toContain(MARK);
    expect(queryPassword.output).toContain(
      `cannot connect to the database at postgres://ecm@127.0.0.1:${port}/ecm?application_name=t&password=***: connect ${refused}`,
    );
  }, 180_000);

  it('--help names the variables a --database-url default comes from, never their value', async () => {
    const env = { DATABASE_URL: `postgres://ecm:${MARK}10@127.0.0.1/ecm`, GOVERNANCE_DATABASE_URL: `postgres://gov:${MARK}11@127.0.0.1/adoption` };
    const runs = await Promise.all(['migrate', 'seed', 'migrate-governance', 'import'].map((command) => cli([command, '--help'], env)));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.output).not.toContain(MARK);
    }
    // Help wraps long lines: compare with whitespace collapsed.
    const help = runs.map((run) => run.output.replace(/\s+/g, ' '));
    expect(help[0]).toContain('(default: DATABASE_URL)');
    expect(help[3]).toContain('(default: GOVERNANCE_DATABASE_URL, else DATABASE_URL)');
  }, 180_000);
});
