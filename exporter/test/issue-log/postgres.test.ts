/**
 * The receiver on real PostgreSQL through its own login (the role recipe of
 * docs/evidence.md), and a store that really goes down: the receiver connects through
 * a TCP proxy on 127.0.0.1 that the test stops and starts again.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgDb } from '../../src/db/pg.ts';
import type { Db } from '../../src/db/types.ts';
import { migrateGovernanceStore } from '../../src/governance/store.ts';
import { issueLogGrants } from '../../src/issue-log/role.ts';
import { runCli, type CliRun } from '../support/cli.ts';
import { createScratchPostgres } from '../support/databases.ts';
import { startProxy, type Proxy } from './proxy.ts';
import { issues, notification, post, RED_FIRING, RED_RESOLVED, startReceiver, type Receiver } from './support.ts';

const admin = process.env.TEST_DATABASE_URL;

describe.skipIf(!admin)('issue-log receiver on PostgreSQL with its own login', () => {
  let owner: Awaited<ReturnType<typeof createScratchPostgres>>;
  let role: string;
  let receiverDb: Db;
  let proxy: Proxy;
  let receiver: Receiver;
  let clock = new Date('2026-02-10T10:00:00Z');

  beforeAll(async () => {
    owner = await createScratchPostgres(admin ?? '');
    await migrateGovernanceStore(owner);
    role = `ecm_issue_log_${Math.random().toString(36).slice(2, 10)}`;
    // The recipe: a login of its own, allowed to write adoption.adoption_issues only.
    await owner.exec(`CREATE ROLE ${role} LOGIN PASSWORD 'test-only'`);
    await owner.exec(`GRANT CONNECT ON DATABASE ${new URL(owner.url).pathname.slice(1)} TO ${role}`);
    for (const grant of issueLogGrants(role)) await owner.exec(grant);
    const url = new URL(owner.url);
    proxy = await startProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.username = role;
    url.password = 'test-only';
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    receiverDb = createPgDb({ connectionString: url.toString(), max: 2 });
    receiver = await startReceiver(receiverDb, () => clock);
  });
  afterAll(async () => {
    await receiver?.close();
    await receiverDb?.close();
    await proxy?.stop();
    await owner?.close();
    if (admin && role) {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`DROP ROLE IF EXISTS ${role}`);
      await client.end();
    }
  });

  it('records firing then resolved through the restricted login', async () => {
    expect((await post(receiver, notification([RED_FIRING]))).status).toBe(200);
    clock = new Date('2026-02-12T07:05:00Z');
    expect((await post(receiver, notification([RED_RESOLVED]))).status).toBe(200);
    expect((await issues(owner)).map((row) => [row.issue_id, row.status, row.resolved_at])).toEqual([
      ['alert:5f3a9c1e7b2d4a60', 'resolved', '2026-02-12T07:00:00.000Z'],
    ]);
  });

  it('the login can write the issue log and nothing else', async () => {
    await expect(
      receiverDb.query(`INSERT INTO adoption.corrective_actions (action_id, kind, linked_feedback_theme, raised_at) VALUES ('X', 'coaching', 't', now())`),
    ).rejects.toThrow(/permission denied/);
    await expect(receiverDb.query('SELECT summary FROM adoption.adoption_issues')).rejects.toThrow(/permission denied/);
    await expect(receiverDb.query('SELECT count(*) FROM adoption.record_audits')).rejects.toThrow(/permission denied/);
    await expect(receiverDb.query(`UPDATE adoption.adoption_issues SET owner = 'someone'`)).rejects.toThrow(/permission denied/);
  });

  it('store down: 503 and nothing written; once it is back the retry records the alert exactly once', async () => {
    await owner.exec('TRUNCATE adoption.corrective_actions, adoption.adoption_issues');
    await proxy.stop();
    const down = await post(receiver, notification([{ ...RED_FIRING, fingerprint: '00000000000000aa' }]));
    expect(down).toMatchObject({ status: 503, retryAfter: '3' });
    expect(await issues(owner)).toEqual([]);
    await proxy.start();
    expect((await post(receiver, notification([{ ...RED_FIRING, fingerprint: '00000000000000aa' }]))).status).toBe(200);
    expect((await post(receiver, notification([{ ...RED_FIRING, fingerprint: '00000000000000aa' }]))).status).toBe(200);
    expect((await issues(owner)).map((row) => row.issue_id)).toEqual(['alert:00000000000000aa']);
  });
});

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

describe.skipIf(!admin)('the issue-log-receiver command', () => {
  let store: Awaited<ReturnType<typeof createScratchPostgres>>;
  beforeAll(async () => {
    store = await createScratchPostgres(admin ?? '');
  });
  afterAll(async () => {
    await store?.close();
  });

  const run = (args: string[], env: Record<string, string>): Promise<CliRun> => runCli(['issue-log-receiver', ...args], env);

  it('refuses to start without its URL, or on a store without the receiver columns: one line, exit 2', async () => {
    const unset = await run([], { ISSUE_LOG_DATABASE_URL: '' });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/^ecm-adoption-exporter: ISSUE_LOG_DATABASE_URL is not set: .*\n$/);
    const unmigrated = await run(['--port', '0'], { ISSUE_LOG_DATABASE_URL: store.url });
    expect(unmigrated.code).toBe(2);
    expect(unmigrated.stderr).toMatch(
      /^ecm-adoption-exporter: the governance store at .* has no adoption\.adoption_issues\.alert_fingerprint: run `ecm-adoption-exporter migrate-governance` \(as the store's owner\) first\n$/,
    );
  });

  it('runs as a process: listens on 127.0.0.1, records a notification, stops on SIGTERM', async () => {
    await migrateGovernanceStore(store);
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'issue-log-receiver', '--port', '0'], {
      env: { ...process.env, ISSUE_LOG_DATABASE_URL: store.url, LOG_LEVEL: 'silent' },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\/alerts/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited ${String(code)} before listening: ${out}`)));
      });
      const response = await fetch(`${url}/alerts`, { method: 'POST', body: notification([RED_FIRING]) });
      expect(response.status).toBe(200);
      expect((await issues(store)).map((row) => row.issue_id)).toEqual(['alert:5f3a9c1e7b2d4a60']);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
