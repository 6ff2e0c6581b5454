/**
 * Runs the real Debian tools the provisioning is checked with. A missing binary is a test
 * failure with the package to install, never a skip: CI (.ci/run) installs them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const PROVISIONING = path.join(REPO, 'provisioning');

const PACKAGE_OF: Record<string, string> = {
  promtool: 'prometheus',
  prometheus: 'prometheus',
  amtool: 'prometheus-alertmanager',
  'prometheus-alertmanager': 'prometheus-alertmanager',
  'docker-compose': 'docker-compose',
};

export interface ToolResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Fails with the apt package to install when `binary` is not on PATH. */
export function requireBinary(binary: string): void {
  const found = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  if (found.status !== 0) {
    const pkg = PACKAGE_OF[binary] ?? binary;
    throw new Error(`${binary} is not installed (PATH=${process.env.PATH ?? ''}): apt-get install ${pkg}`);
  }
}

/** `env`, when given, is the tool's whole environment (PATH is added); otherwise it inherits the test's. */
export function runTool(binary: string, args: string[], cwd = REPO, env?: Readonly<Record<string, string>>): ToolResult {
  requireBinary(binary);
  const result = spawnSync(binary, args, { cwd, encoding: 'utf8', timeout: 30_000, env: env ? { PATH: process.env.PATH ?? '', ...env } : undefined });
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function readYaml(file: string): unknown {
  return parse(readFileSync(file, 'utf8'));
}

export function listFiles(dir: string, suffix: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => path.join(dir, name));
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface AlertRule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  file: string;
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}

/** Every alerting rule of provisioning/prometheus/rules/*.yml. */
export function alertRules(): AlertRule[] {
  const rules: AlertRule[] = [];
  for (const file of listFiles(path.join(PROVISIONING, 'prometheus/rules'), '.yml')) {
    const doc = readYaml(file);
    const groups = isRecord(doc) && Array.isArray(doc['groups']) ? doc['groups'] : [];
    for (const group of groups) {
      const list = isRecord(group) && Array.isArray(group['rules']) ? group['rules'] : [];
      for (const rule of list) {
        if (!isRecord(rule) || typeof rule['alert'] !== 'string') continue;
        rules.push({
          alert: rule['alert'],
          expr: String(rule['expr']),
          labels: stringRecord(rule['labels']),
          annotations: stringRecord(rule['annotations']),
          file: path.basename(file),
        });
      }
    }
  }
  return rules;
}
