/**
 * The README's first command, run exactly as a person runs it: `npm start` from the repository root
 * through npm (not tsx directly), with the port from the `--port` flag or from `PORT`. The whole
 * process group (npm, sh, tsx, node) must be gone afterwards, also when an assertion failed.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, start, waitFor, type Managed } from '../stack/processes.ts';
import { groupMembers, stopGroup } from './process-group.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOG_DIR = path.join(ROOT, 'tests', 'artifacts', 'front-door');
// Seeding the small profile and the first refresh take about 20 s alone on two cores; far more while
// the rest of `npm test` runs beside it.
const READY_MS = 240_000;

let started: Managed | undefined;

afterEach(async () => {
  if (started?.child.pid !== undefined) await stopGroup(started.child.pid);
  started = undefined;
});

/** `npm start [-- args]` from the root, in its own process group, with DATABASE_URL and PORT unset unless given. */
function npmStart(name: string, args: string[], env: NodeJS.ProcessEnv): Managed {
  mkdirSync(LOG_DIR, { recursive: true });
  started = start({ name, command: 'npm', args: ['start', ...args], cwd: ROOT, logDir: LOG_DIR, env: { DATABASE_URL: undefined, PORT: undefined, ...env } });
  return started;
}

/** Waits until /metrics serves indicator ratios; fails at once, with the log, if npm exited. */
async function waitForRatios(demo: Managed, port: number): Promise<number> {
  const log = path.join(LOG_DIR, `${demo.name}.log`);
  const exited = demo.exited.then((code) => {
    throw new Error(`npm start exited ${code} before serving:\n${readFileSync(log, 'utf8')}`);
  });
  const served = waitFor(
    `ecm_adoption_indicator_ratio samples on 127.0.0.1:${port}/metrics`,
    READY_MS,
    async () => {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      const samples = (await response.text()).split('\n').filter((line) => line.startsWith('ecm_adoption_indicator_ratio{'));
      return samples.length > 0 ? samples.length : undefined;
    },
    1_000,
  );
  // The loser of the race is left pending or settles unobserved; neither outlives the test's stopGroup.
  exited.catch(() => undefined);
  return Promise.race([served, exited]);
}

async function serveAndStop(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const port = await freePort();
  const demo = npmStart(
    name,
    args.map((arg) => arg.replace('<port>', String(port))),
    { ...env, PORT: env.PORT?.replace('<port>', String(port)) },
  );
  const samples = await waitForRatios(demo, port);
  expect(samples).toBeGreaterThan(0);
  const log = readFileSync(path.join(LOG_DIR, `${name}.log`), 'utf8');
  expect(log).toContain(`listening on http://127.0.0.1:${port}/`);
  expect(log).not.toMatch(/Unknown cli config|too many arguments/);
  const pgid = demo.child.pid;
  if (pgid === undefined) throw new Error('npm start has no pid');
  // The tree really is npm -> ... -> node running the demo, all in the one group.
  expect(groupMembers(pgid).some((member) => /cli\.ts demo/.test(member.cmdline))).toBe(true);
  const stubborn = await stopGroup(pgid);
  started = undefined;
  expect(stubborn.map((member) => member.cmdline)).toEqual([]);
  await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
}

describe('the README front door: npm start', () => {
  it(
    'npm start -- --port <free> serves the demo on that port, and the whole process group stops on SIGTERM',
    async () => {
      await serveAndStop('npm-start-port-flag', ['--', '--port', '<port>'], {});
    },
    READY_MS + 30_000,
  );

  it(
    'PORT=<free> npm start serves the demo on that port, and the whole process group stops on SIGTERM',
    async () => {
      await serveAndStop('npm-start-port-env', [], { PORT: '<port>' });
    },
    READY_MS + 30_000,
  );
});
