/**
 * A real Alertmanager 0.25 (Debian's prometheus-alertmanager) with the shipped routes
 * (provisioning/alertmanager/alertmanager.yml: timings shortened, webhooks pointed at
 * 127.0.0.1, e-mail left out) posting to a running receiver: a governance alert firing
 * then resolved creates exactly one issue, then closes it. Everything on 127.0.0.1,
 * in temporary folders; Alertmanager runs in its own process group and is stopped
 * also when a check fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createPgliteDb } from '../../src/db/pglite.ts';
import type { Db } from '../../src/db/types.ts';
import { migrateGovernanceStore } from '../../src/governance/store.ts';
import { issues, startReceiver, type Receiver } from './support.ts';
import { freePort } from '../support/serve-process.ts';

const BINARY = '/usr/bin/prometheus-alertmanager';
const SHIPPED = fileURLToPath(new URL('../../../provisioning/alertmanager/alertmanager.yml', import.meta.url));

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function shorten(route: Record<string, unknown>): void {
  route.group_wait = '1s';
  route.group_interval = '1s';
  for (const child of Array.isArray(route.routes) ? route.routes.filter(isRecord) : []) shorten(child);
}

/** The shipped config with every webhook on 127.0.0.1, no e-mail, secrets in the temp folder. */
function renderConfig(dir: string, receiverPort: number, sinkPort: number): string {
  const text = readFileSync(SHIPPED, 'utf8')
    .replaceAll('http://issue-log-receiver:9188', `http://127.0.0.1:${receiverPort}`)
    .replaceAll('http://notification-sink:8080', `http://127.0.0.1:${sinkPort}`)
    .replaceAll('/etc/alertmanager/secrets/', `${dir}/secrets/`);
  const doc: unknown = parse(text);
  if (!isRecord(doc) || !isRecord(doc.route) || !Array.isArray(doc.receivers)) throw new Error('alertmanager.yml has no route');
  shorten(doc.route);
  for (const receiver of doc.receivers.filter(isRecord)) delete receiver.email_configs;
  if (isRecord(doc.global)) for (const key of Object.keys(doc.global).filter((k) => k.startsWith('smtp_'))) delete doc.global[key];
  return stringify(doc);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!existsSync(BINARY))('a real Alertmanager 0.25 posting to the receiver', () => {
  let dir: string;
  let db: Db;
  let receiver: Receiver;
  let sink: Server;
  let alertmanager: ChildProcess | undefined;
  let amUrl: string;
  let amLog = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecm-issue-log-am-'));
    await mkdir(path.join(dir, 'secrets'));
    await writeFile(path.join(dir, 'secrets', 'smtp_password'), 'test-only\n');
    await writeFile(path.join(dir, 'secrets', 'it_webhook_token'), 'test-only\n');
    db = await createPgliteDb();
    await migrateGovernanceStore(db);
    receiver = await startReceiver(db, () => new Date());
    // The managers' and on-call webhooks: a sink that only says 200.
    sink = createHttpServer((req, res) => req.resume().on('end', () => res.writeHead(200).end('ok')));
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    const sinkAddress = sink.address();
    const receiverPort = Number(new URL(receiver.url).port);
    await writeFile(path.join(dir, 'alertmanager.yml'), renderConfig(dir, receiverPort, typeof sinkAddress === 'object' && sinkAddress ? sinkAddress.port : 0));
    const port = await freePort();
    amUrl = `http://127.0.0.1:${port}`;
    alertmanager = spawn(
      BINARY,
      [
        `--config.file=${path.join(dir, 'alertmanager.yml')}`,
        `--storage.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--cluster.listen-address=',
      ],
      {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    alertmanager.stdout?.on('data', (chunk: Buffer) => (amLog += chunk.toString()));
    alertmanager.stderr?.on('data', (chunk: Buffer) => (amLog += chunk.toString()));
    await until(
      'Alertmanager ready',
      async () =>
        (await fetch(`${amUrl}/-/ready`).then(
          (r) => r.ok,
          () => false,
        )) || undefined,
    );
  }, 60_000);

  afterAll(async () => {
    if (alertmanager?.pid !== undefined && alertmanager.exitCode === null) {
      const exited = new Promise((resolve) => alertmanager?.once('exit', resolve));
      process.kill(-alertmanager.pid, 'SIGTERM');
      await exited;
    }
    await receiver?.close();
    await new Promise((resolve) => (sink ? sink.close(resolve) : resolve(undefined)));
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function send(endsAt: Date, startsAt: Date): Promise<void> {
    const alert = {
      labels: { alertname: 'EcmIndicatorRed', category: 'governance', severity: 'warning', location: 'loc-01', indicator: 'task_on_time' },
      annotations: { summary: 'task_on_time is red at loc-01 (58%)' },
      startsAt: startsAt.toISOString(),
      endsAt: endsAt.toISOString(),
      generatorURL: 'http://127.0.0.1:9090/graph',
    };
    const response = await fetch(`${amUrl}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([alert]) });
    expect(response.status, amLog).toBe(200);
  }

  it('firing then resolved: exactly one issue, opened then closed', async () => {
    const startsAt = new Date(Date.now() - 60_000);
    await send(new Date(Date.now() + 3_600_000), startsAt);
    const opened = await until('the issue to be recorded', async () => {
      const rows = await issues(db);
      return rows.length > 0 ? rows : undefined;
    });
    const listed: unknown = await (await fetch(`${amUrl}/api/v2/alerts`)).json();
    const fingerprint = Array.isArray(listed) && isRecord(listed[0]) ? listed[0].fingerprint : undefined;
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(opened).toMatchObject([
      {
        issue_id: `alert:${String(fingerprint)}`,
        status: 'open',
        location_id: 'loc-01',
        indicator: 'task_on_time',
        alert_name: 'EcmIndicatorRed',
        recorded_by: 'alert_receiver',
        raised_at: startsAt.toISOString(),
      },
    ]);

    const endsAt = new Date();
    await send(endsAt, startsAt);
    const closed = await until('the issue to be resolved', async () => {
      const rows = await issues(db);
      return rows[0]?.status === 'resolved' ? rows : undefined;
    });
    expect(closed).toHaveLength(1);
    expect(closed[0]).toMatchObject({ issue_id: opened[0]?.issue_id, resolved_at: endsAt.toISOString() });
    // Alertmanager keeps notifying (repeats after group_interval): still one issue.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await issues(db)).length).toBe(1);
  });
});
