/**
 * The issue-log receiver as a stack runs it: its own process (`ecm-adoption-exporter
 * issue-log-receiver`) on 127.0.0.1, writing the governance store through its own login, created
 * with the statements docs/evidence.md gives a DBA ("The receiver's login"). Started after the
 * stack, stopped before it; the stack's signal handlers kill it with every other process.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { REPO } from '../provisioning/support.ts';
import { start, stop, tail, waitFor, type Managed } from './processes.ts';

const TSX = path.join(REPO, 'node_modules/.bin/tsx');
const CLI = path.join(REPO, 'exporter/src/cli.ts');
export const ISSUE_LOG_ROLE = 'ecm_issue_log';

/**
 * The documented login, for `database`: the ```sql block of docs/evidence.md that creates
 * ecm_issue_log. The recipe's database is called `care`; a stack's is `ecm`.
 */
export function receiverLoginSql(database: string): string {
  const doc = readFileSync(path.join(REPO, 'docs/evidence.md'), 'utf8');
  const block = [...doc.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((sql) => sql.includes(`CREATE ROLE ${ISSUE_LOG_ROLE} `));
  if (!block) throw new Error(`docs/evidence.md has no \`\`\`sql block creating the role ${ISSUE_LOG_ROLE}`);
  if (!/ON DATABASE care\b/.test(block)) throw new Error(`docs/evidence.md: the ${ISSUE_LOG_ROLE} recipe no longer grants CONNECT ON DATABASE care`);
  return block.replace(/ON DATABASE care\b/g, `ON DATABASE ${database}`);
}

/** Rows of one query, as the store's owner or any login of the cluster (never through a proxy). */
export async function queryRows<Row extends object>(url: string, text: string, values: unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(text, values)).rows;
  } finally {
    await client.end();
  }
}

export interface Receiver {
  url: string;
  /** The running process (a new one after restart). */
  process(): Managed;
  /** SIGTERM, then the same command on the same port, ready again. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** The receiver's own counters: `ecm_adoption_issue_log_alerts_total{result=...}` by result. */
  alertResults(): Promise<Record<string, number>>;
  notificationsRecorded(): Promise<number>;
}

async function metricsText(url: string): Promise<string> {
  const response = await fetch(`${url}/metrics`);
  if (!response.ok) throw new Error(`receiver /metrics answered ${response.status}`);
  return await response.text();
}

/** `name{label="value"} number` lines of one family, by that label's value. */
function byLabel(text: string, family: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  const line = new RegExp(`^${family}\\{${label}="([^"]+)"\\} (\\S+)$`, 'gm');
  for (const match of text.matchAll(line)) out[match[1] ?? ''] = Number(match[2]);
  return out;
}

export async function startReceiver(options: { databaseUrl: string; port: number; logDir: string }): Promise<Receiver> {
  const url = `http://127.0.0.1:${options.port}`;
  let generation = 0;
  const launch = async (): Promise<Managed> => {
    generation += 1;
    const managed = start({
      name: `issue-log-receiver-${generation}`,
      command: TSX,
      args: [CLI, 'issue-log-receiver', '--port', String(options.port), '--listen-address', '127.0.0.1'],
      logDir: options.logDir,
      cwd: REPO,
      env: { ISSUE_LOG_DATABASE_URL: options.databaseUrl, LOG_LEVEL: 'info' },
    });
    try {
      await waitFor(`the issue-log receiver at ${url}/healthz`, 60_000, async () => {
        if (managed.child.exitCode !== null) throw new Error(`exited with ${managed.child.exitCode}`);
        return (await fetch(`${url}/healthz`)).ok ? true : undefined;
      });
    } catch (error) {
      await stop(managed);
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- ${managed.name} log:\n${tail(managed)}`);
    }
    return managed;
  };
  let current = await launch();
  return {
    url,
    process: () => current,
    async restart() {
      await stop(current);
      current = await launch();
    },
    stop: () => stop(current),
    alertResults: async () => byLabel(await metricsText(url), 'ecm_adoption_issue_log_alerts_total', 'result'),
    notificationsRecorded: async () => byLabel(await metricsText(url), 'ecm_adoption_issue_log_notifications_total', 'outcome')['recorded'] ?? 0,
  };
}
