/**
 * The receiver records exactly the governance alerts this product ships: the rules
 * under provisioning/prometheus/rules labelled category="governance".
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GOVERNANCE_ALERTS, isGovernanceAlert, priorityOf } from '../../src/issue-log/alerts.ts';

const RULES = fileURLToPath(new URL('../../../provisioning/prometheus/rules/', import.meta.url));

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const records = (value: unknown): Array<Record<string, unknown>> => (Array.isArray(value) ? value.filter(isRecord) : []);

function governanceRuleNames(): string[] {
  const names: string[] = [];
  for (const file of readdirSync(RULES).filter((name) => name.endsWith('.yml'))) {
    const doc: unknown = parse(readFileSync(path.join(RULES, file), 'utf8'));
    for (const group of records(isRecord(doc) ? doc['groups'] : undefined)) {
      for (const rule of records(group['rules'])) {
        const labels = rule['labels'];
        if (typeof rule['alert'] === 'string' && isRecord(labels) && labels['category'] === 'governance') names.push(rule['alert']);
      }
    }
  }
  return names.sort();
}

describe('governance alerts of this product', () => {
  it('are exactly the rules labelled category="governance"', () => {
    const names = governanceRuleNames();
    expect(names.length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(GOVERNANCE_ALERTS).sort()).toEqual(names);
  });

  it('safety and platform alerts are not among them', () => {
    for (const name of ['EcmAlertsUnacknowledgedPastTarget', 'EcmTasksOverdue', 'EcmAdoptionExporterDown', 'toString', undefined])
      expect(isGovernanceAlert(name)).toBe(false);
  });

  it('a severity label becomes a starting priority', () => {
    expect([priorityOf('critical'), priorityOf('warning'), priorityOf('info'), priorityOf(undefined)]).toEqual(['high', 'medium', 'low', 'medium']);
  });
});
