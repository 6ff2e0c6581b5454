/**
 * The fault drills: what each scenario breaks, and what must reach whom. Every scenario starts
 * from a healthy baseline on its own stack (drill-runner.ts) and must end with a notification to
 * the location's on-call lead within 5 minutes; none may end in silence.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO } from '../provisioning/support.ts';
import type { Cluster } from './postgres.ts';
import { signalGroup } from './processes.ts';
import type { Stack } from './stack-env.ts';
import { runSql } from './stack-env.ts';
import { startTcpProxy, type TcpProxy } from '../../exporter/test/support/tcp-proxy.ts';

export const REAL_ALERT = 'EcmAlertsUnacknowledgedPastTarget';
export const DEGRADED = 'EcmSafetyMonitoringDegraded';

export interface DrillContext {
  proxies: Map<'ecm' | 'governance', TcpProxy>;
}

export type OnStop = (cleanup: () => Promise<void> | void) => void;

export interface Scenario {
  id: string;
  title: string;
  /** Before the exporter starts: roles, proxies. Returns exporter environment overrides. */
  prepare?: (cluster: Cluster, ctx: DrillContext, onStop: OnStop) => Promise<NodeJS.ProcessEnv>;
  /** The fault, applied at t0 after the healthy baseline. */
  fault?: (stack: Stack, ctx: DrillContext) => Promise<void>;
  /**
   * The fault is what the exporter starts with (its database role): IT's time counts from the
   * exporter's start, on-call's from the care alert inserted at t0.
   */
  faultAtStart?: boolean;
  /** What may reach the on-call lead of the location first (alert names). */
  oncall: readonly string[];
  /** The platform alert IT must get (names); empty when IT has nothing to hear. */
  it: readonly string[];
}

/** The URL of `database` through a new proxy (freeze / refuse at the fault) in front of the cluster. */
async function proxied(cluster: Cluster, ctx: DrillContext, onStop: OnStop, name: 'ecm' | 'governance', database: string): Promise<string> {
  const started = await startTcpProxy({ targetHost: '127.0.0.1', targetPort: cluster.port });
  ctx.proxies.set(name, started);
  onStop(() => started.close());
  return started.urlFor(cluster.urlFor(database));
}

function proxyOf(ctx: DrillContext, name: 'ecm' | 'governance'): TcpProxy {
  const found = ctx.proxies.get(name);
  if (!found) throw new Error(`no ${name} proxy in this scenario`);
  return found;
}

/**
 * The least-privilege role exactly as the root README says: its ```sql block that creates the
 * role, then every later ```sql block granting that role more (schema adoption, once the
 * governance store exists, as it does here).
 */
export function readmeRoleSql(): { role: string; statements: string } {
  const readme = readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const first = blocks.findIndex((sql) => /CREATE ROLE/i.test(sql));
  const role = /CREATE ROLE (\w+)/i.exec(blocks[first] ?? '')?.[1];
  if (first < 0 || !role) throw new Error('README.md has no ```sql block with CREATE ROLE (the exporter role)');
  const statements = blocks
    .slice(first)
    .filter((sql) => new RegExp(`\\b${role}\\b`).test(sql))
    .join('\n');
  return { role, statements };
}

/** Does the README's role get read access to the governance store (schema adoption)? */
export function readmeGrantsGovernance(): boolean {
  return /GRANT\s+USAGE\s+ON\s+SCHEMA\s+adoption/i.test(readmeRoleSql().statements);
}

export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'S0',
    title: 'healthy: an unacknowledged critical falls-sensor alert',
    oncall: [REAL_ALERT],
    it: [],
  },
  {
    id: 'S1a',
    title: "README's least-privilege role, governance store present",
    async prepare(cluster) {
      const { role, statements } = readmeRoleSql();
      await runSql(cluster.urlFor('ecm'), statements);
      return { DATABASE_URL: cluster.urlFor('ecm', role) };
    },
    faultAtStart: true,
    oncall: [REAL_ALERT],
    it: readmeGrantsGovernance() ? [] : ['EcmAdoptionGovernanceStoreNoPermission'],
  },
  {
    id: 'S1b',
    title: 'role with grants on schema ecm only, governance store present',
    async prepare(cluster) {
      await runSql(
        cluster.urlFor('ecm'),
        `CREATE ROLE ecm_only_reader LOGIN;
        GRANT USAGE ON SCHEMA ecm TO ecm_only_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA ecm TO ecm_only_reader;`,
      );
      return { DATABASE_URL: cluster.urlFor('ecm', 'ecm_only_reader') };
    },
    faultAtStart: true,
    oncall: [REAL_ALERT],
    it: ['EcmAdoptionGovernanceStoreNoPermission'],
  },
  {
    id: 'S2',
    title: 'database hung (proxy stops forwarding, sockets open)',
    async prepare(cluster, ctx, onStop) {
      return { DATABASE_URL: await proxied(cluster, ctx, onStop, 'ecm', 'ecm') };
    },
    fault: (_stack, ctx) => proxyOf(ctx, 'ecm').setMode('freeze'),
    oncall: [REAL_ALERT, DEGRADED],
    it: ['EcmAdoptionRefreshFailing', 'EcmAdoptionDataStale'],
  },
  {
    id: 'S3',
    title: 'database refusing connections',
    async prepare(cluster, ctx, onStop) {
      return { DATABASE_URL: await proxied(cluster, ctx, onStop, 'ecm', 'ecm') };
    },
    fault: (_stack, ctx) => proxyOf(ctx, 'ecm').setMode('refuse'),
    oncall: [REAL_ALERT, DEGRADED],
    it: ['EcmAdoptionRefreshFailing'],
  },
  {
    id: 'S4',
    title: 'exporter killed (SIGKILL)',
    fault: async (stack) => {
      signalGroup(stack.exporter, 'SIGKILL');
      await stack.exporter.exited;
    },
    oncall: [DEGRADED],
    it: ['EcmAdoptionExporterDown'],
  },
  {
    id: 'S5',
    title: 'governance database down (separate GOVERNANCE_DATABASE_URL, refusing)',
    async prepare(cluster, ctx, onStop) {
      return { GOVERNANCE_DATABASE_URL: await proxied(cluster, ctx, onStop, 'governance', 'governance') };
    },
    fault: (_stack, ctx) => proxyOf(ctx, 'governance').setMode('refuse'),
    oncall: [REAL_ALERT],
    it: ['EcmAdoptionGovernanceSourceDown'],
  },
];
