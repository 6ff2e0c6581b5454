/**
 * npm run bench:tls: what TLS and basic auth cost a scrape. Runs the exporter
 * (`demo`: embedded PGlite, small profile, refresh interval 1 s so refreshes run
 * throughout) twice in the same run:
 *   1. plain HTTP, no web config;
 *   2. HTTPS with a self-signed certificate made by openssl into a temp dir, and
 *      basic auth (bcrypt cost 10, as `htpasswd -nBC 10` makes it);
 * and drives /metrics in each with CLIENTS keep-alive scrapers back to back for
 * SECONDS (node http/https agents, gzip accepted and not undone, as Prometheus
 * does). Prints p50/p99/max latency, throughput, the exporter's CPU per scrape
 * and its peak RSS (VmHWM) side by side. A third run, HTTPS without basic auth,
 * separates the cost of TLS from that of the password check.
 * With BENCH_DATABASE_URL set, the runs use `serve` against that PostgreSQL
 * database instead (seeded with the same small profile when empty): PGlite runs
 * inside the exporter's process, so its refreshes stall scrapes, which PostgreSQL's do not.
 * The load generator runs in this process
 * and shares the 2 cores with the exporter (TLS client work included), equally
 * in both runs. A script that prints numbers, not a timed test.
 */
import bcrypt from 'bcryptjs';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/db/open.ts';
import { redactUrl } from '../src/errors.ts';
import { seedGovernanceLogs } from '../src/seed/governance-logs.ts';
import { countRows, seedDatabase } from '../src/seed/index.ts';
import { freePort } from '../test/support/serve-process.ts';

const EXPORTER_DIR = fileURLToPath(new URL('../', import.meta.url));
const CLIENTS = 50;
const SECONDS = Number(process.env.BENCH_TLS_SECONDS ?? 20);
const USER = 'prometheus';
const PASSWORD = 'bench-password';
const DATABASE_URL = process.env.BENCH_DATABASE_URL || undefined;

interface Target {
  name: string;
  base: string;
  agent: HttpAgent | HttpsAgent;
  headers: Record<string, string>;
}

interface RunResult {
  scrapes: number;
  failures: number;
  p50: number;
  p99: number;
  max: number;
  perSecond: number;
  cpuMsPerScrape: number;
  refreshes: number;
  peakRssMb: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** A self-signed certificate for 127.0.0.1 (SAN included: clients ignore the CN). */
function selfSigned(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, 'server.crt');
  const key = path.join(dir, 'server.key');
  const args = [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ];
  const result = spawnSync('openssl', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl failed (apt-get install openssl): ${result.error?.message ?? result.stderr}`);
  return { cert, key };
}

/** Why scrapes failed, counted by kind (status or error code), for the report. */
const failureKinds = new Map<string, number>();
function fail(kind: string): number {
  failureKinds.set(kind, (failureKinds.get(kind) ?? 0) + 1);
  return -1;
}

/** One GET; resolves with latency in ms, or -1 when it failed (not 200, or a connection error). */
function timedGet(target: Target, pathname: string): Promise<number> {
  return new Promise((resolve) => {
    const started = performance.now();
    const send = target.base.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(`${target.base}${pathname}`, { agent: target.agent, headers: { 'accept-encoding': 'gzip', ...target.headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - started : fail(`${target.name}: HTTP ${res.statusCode}`)));
      res.on('error', (error) => resolve(fail(`${target.name}: ${error.message}`)));
    });
    req.on('error', (error) => resolve(fail(`${target.name}: ${error.message}`)));
    req.end();
  });
}

function readText(target: Target, pathname: string, retry = true): Promise<{ status: number; text: string }> {
  return readOnce(target, pathname).catch((error: unknown) => {
    if (!retry) throw error;
    return readText(target, pathname, false);
  });
}

function readOnce(target: Target, pathname: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const send = target.base.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(`${target.base}${pathname}`, { agent: target.agent, headers: target.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function procStat(pid: number): Promise<{ cpuSeconds: number; peakRssMb: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100, peakRssMb: Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024 };
}

async function refreshesTotal(target: Target): Promise<number> {
  const { text } = await readText(target, '/metrics');
  return Number(/^ecm_adoption_exporter_refreshes_total (\S+)$/m.exec(text)?.[1]);
}

async function waitReady(target: Target, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exporter exited with code ${child.exitCode}`);
    if (
      (await readText(target, '/readyz').then(
        (r) => r.status,
        () => 0,
      )) === 200
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('exporter not ready within 180 s');
}

async function drive(target: Target, pid: number): Promise<RunResult> {
  const latencies: number[] = [];
  let failures = 0;
  const refreshesBefore = await refreshesTotal(target);
  const before = await procStat(pid);
  const started = performance.now();
  const end = started + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < end) {
        const ms = await timedGet(target, '/metrics');
        if (ms < 0) failures += 1;
        else latencies.push(ms);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const after = await procStat(pid);
  const refreshes = (await refreshesTotal(target)) - refreshesBefore;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    scrapes: sorted.length,
    failures,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
    perSecond: sorted.length / elapsed,
    cpuMsPerScrape: ((after.cpuSeconds - before.cpuSeconds) * 1000) / Math.max(1, sorted.length + failures),
    refreshes,
    peakRssMb: after.peakRssMb,
  };
}

/** The demo's data (small profile, seed 1, governance logs) in BENCH_DATABASE_URL, unless it already holds data. */
async function seedSmallProfile(url: string): Promise<void> {
  const db = await openDatabase(url);
  try {
    const present = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'ecm' AND tablename = 'tasks'`);
    if (present.rows[0]?.n === 1 && (await countRows(db)).tasks > 0) return;
    const now = new Date();
    await seedDatabase(db, { profile: 'small', seed: 1, now });
    await seedGovernanceLogs(db, { profile: 'small', seed: 1, now });
  } finally {
    await db.close();
  }
}

async function run(name: string, webConfigFile: string | undefined, ca: string | undefined, basicAuth: boolean): Promise<RunResult> {
  const port = await freePort();
  const command = DATABASE_URL ? 'serve' : 'demo';
  // node --import tsx: one process, so /proc/<pid> is the exporter itself.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', command, '--port', String(port), ...(webConfigFile ? ['--web.config.file', webConfigFile] : [])],
    {
      cwd: EXPORTER_DIR,
      env: { PATH: process.env.PATH ?? '', REFRESH_INTERVAL_SECONDS: '1', LOG_LEVEL: 'error', ...(DATABASE_URL ? { DATABASE_URL } : {}) },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const agentOptions = { keepAlive: true, maxSockets: CLIENTS };
  const target: Target = ca
    ? {
        name,
        base: `https://127.0.0.1:${port}`,
        agent: new HttpsAgent({ ...agentOptions, ca }),
        headers: basicAuth ? { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` } : {},
      }
    : { name, base: `http://127.0.0.1:${port}`, agent: new HttpAgent(agentOptions), headers: {} };
  try {
    process.stdout.write(`${name}: starting \`${command}\` on ${target.base} ...\n`);
    await waitReady(target, child);
    const result = await drive(target, child.pid ?? 0);
    process.stdout.write(`${name}: ${result.scrapes} scrapes, ${result.failures} not 200, ${result.refreshes} refreshes during the run\n`);
    return result;
  } finally {
    target.agent.destroy();
    if (child.exitCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

function table(runs: ReadonlyArray<[string, RunResult]>): string {
  const ms = (v: number): string => `${v.toFixed(1)} ms`;
  const rows: Array<[string, (r: RunResult) => string]> = [
    ['scrapes (not 200)', (r) => `${r.scrapes} (${r.failures})`],
    ['throughput', (r) => `${r.perSecond.toFixed(0)} scrapes/s`],
    ['latency p50', (r) => ms(r.p50)],
    ['latency p99', (r) => ms(r.p99)],
    ['latency max', (r) => ms(r.max)],
    ['exporter CPU per scrape', (r) => `${r.cpuMsPerScrape.toFixed(2)} ms`],
    ['refreshes during the run', (r) => String(r.refreshes)],
    ['exporter peak RSS (VmHWM)', (r) => `${r.peakRssMb.toFixed(1)} MB`],
  ];
  const lines = rows.map(([label, cell]) => `${label.padEnd(28)}${runs.map(([, r]) => cell(r).padEnd(22)).join('')}`);
  return [`${''.padEnd(28)}${runs.map(([name]) => name.padEnd(22)).join('')}`, ...lines].join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ecm-bench-tls-'));
  try {
    const { cert } = selfSigned(dir);
    const ca = readFileSync(cert, 'utf8');
    const tlsOnly = path.join(dir, 'tls.yml');
    writeFileSync(tlsOnly, 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n');
    const secured = path.join(dir, 'web.yml');
    writeFileSync(
      secured,
      `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  ${USER}: ${bcrypt.hashSync(PASSWORD, 10)}\n`,
    );
    if (DATABASE_URL) await seedSmallProfile(DATABASE_URL);
    const data = DATABASE_URL ? `serve on ${redactUrl(DATABASE_URL)}, small profile` : 'demo: small profile in PGlite';
    process.stdout.write(`${CLIENTS} keep-alive scrapers back to back for ${SECONDS} s per run, gzip accepted, refresh interval 1 s (${data})\n`);
    const runs: Array<[string, RunResult]> = [
      ['plain HTTP', await run('plain HTTP', undefined, undefined, false)],
      ['HTTPS', await run('HTTPS', tlsOnly, ca, false)],
      ['HTTPS + basic auth', await run('HTTPS + basic auth', secured, ca, true)],
    ];
    process.stdout.write(
      `\n${table(runs)}\nload average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
    for (const [kind, count] of failureKinds) process.stdout.write(`failed: ${kind} x${count}\n`);
    if (runs.some(([, r]) => r.failures > 0)) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench:tls: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
