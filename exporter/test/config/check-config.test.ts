import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV_ALIASES, ENV_OVERRIDES } from '../../src/config/index.ts';

const EXPORTER = fileURLToPath(new URL('../../', import.meta.url));
const TSX = path.join(EXPORTER, '..', 'node_modules', '.bin', 'tsx');

/** Runs the real CLI in a child process with a clean environment (no PORT, DATABASE_URL...). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['src/cli.ts', ...args], { cwd: EXPORTER, env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('check-config command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ecm-check-config-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('exits 0 with a one-line summary for a valid file', async () => {
    const file = path.join(dir, 'good.yaml');
    await writeFile(file, 'server: { port: 9300 }\nindicators: { minCohort: 8, phasePins: { home-1: weekly } }\n');
    const result = await cli(['check-config', file]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `OK ${file}: listen 127.0.0.1:9300, refresh every 60 s, statement timeout 10000 ms, pool 2, 7 indicators, min cohort 8, 1 pinned location, database DATABASE_URL needed at serve time\n`,
    );
    // A separate governance store is named, its password redacted.
    const separate = await cli(['check-config', file], {
      DATABASE_URL: 'postgres://reader@db:5432/ecm',
      GOVERNANCE_DATABASE_URL: 'postgres://gov:secret@db:5432/adoption',
    });
    expect(separate.code).toBe(0);
    expect(separate.stdout).toMatch(/, database postgres:\/\/reader@db:5432\/ecm, governance store postgres:\/\/gov:\*+@db:5432\/adoption\n$/);
  });

  it('exits 2 listing every problem with its path, env overrides included', async () => {
    const file = path.join(dir, 'bad.yaml');
    await writeFile(file, 'server: { port: -1 }\nindicators: { minCohrt: 8 }\n');
    const result = await cli(['check-config', file], { REFRESH_INTERVAL_SECONDS: 'often' });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `ecm-adoption-exporter: invalid configuration ${file} (3 problems):\n` +
        '  - server.port: must be 0..65535\n' +
        '  - indicators.minCohrt: unknown key\n' +
        '  - env REFRESH_INTERVAL_SECONDS: Invalid input: expected number, received string (got "often")\n',
    );
  });

  it('exits 2 naming a missing file', async () => {
    const result = await cli(['check-config', path.join(dir, 'missing.yaml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/missing\.yaml \(1 problem\):\n {2}- \(file\): file not found\n$/);
  });

  it('serve refuses to start without a database URL, serving nothing', async () => {
    const result = await cli(['serve', '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'ecm-adoption-exporter: invalid configuration (defaults) (1 problem):\n  - database.url: required: set DATABASE_URL or database.url\n',
    );
  });
});

describe('.env.example', () => {
  it('lists every environment variable the config reads', async () => {
    const text = await readFile(path.join(EXPORTER, '..', '.env.example'), 'utf8');
    const listed = new Set([...text.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    for (const name of [...ENV_OVERRIDES.map((o) => o.name), ...Object.values(ENV_ALIASES), 'CONFIG_FILE', 'BENCH_DATABASE_URL'])
      expect(listed).toContain(name);
  });
});
