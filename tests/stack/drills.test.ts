/**
 * Fault drills (the acceptance of "safety paging is never silent"): each scenario of
 * drill-scenarios.ts on its own stack - PostgreSQL 15 copied from one seeded template, the
 * exporter (`serve`, refresh every 10 s), Prometheus 2.42 with the shipped rules and Alertmanager
 * 0.25 with the shipped routes and inhibitions (scrape and evaluation every 5 s), a webhook sink -
 * at most 3 at a time (tests/stack/vitest.config.ts maxConcurrency). Prints, per scenario, the
 * seconds from the fault to the first safety notification at the location's on-call lead and to
 * IT's platform notification. Run with `npm run test:stack` (one: `npm run test:stack -- -t S4`).
 *
 * Beside them, sharing the seeded template and the 3 slots, the issue log end to end on its own
 * stack (issue-log-chain.ts): `npm run test:stack -- tests/stack/drills.test.ts -t "issue log"`.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Cluster } from './postgres.ts';
import { DEGRADED, REAL_ALERT, SCENARIOS, type Scenario } from './drill-scenarios.ts';
import { DEADLINE_SECONDS, ONCALL_PATH, runDrill, type DrillResult } from './drill-runner.ts';
import { seedTemplate, stopAllStacks } from './stack-env.ts';
import { ALERT, INDICATOR, LOCATION, runIssueLogChain } from './issue-log-chain.ts';

let template: Cluster | undefined;
const results: DrillResult[] = [];

beforeAll(async () => {
  template = await seedTemplate();
}, 300_000);

afterAll(async () => {
  // Each drill stops its own stack; this catches one a timed-out drill left, and the template.
  await stopAllStacks();
  if (results.length === 0) return;
  const order = new Map(SCENARIOS.map((s, i) => [s.id, i]));
  const rows = [...results]
    .sort((a, b) => (order.get(a.scenario.id) ?? 0) - (order.get(b.scenario.id) ?? 0))
    .map((r) => {
      const seconds = (a: DrillResult['oncall']) => (a ? a.seconds.toFixed(1) : '-');
      const what = [`on-call: ${r.oncall?.alertnames.join(', ') ?? 'NOTHING'}`, `IT: ${r.it?.alertnames.join(', ') ?? '-'}`].join('; ');
      const itSeconds = r.it && r.scenario.faultAtStart ? `${seconds(r.it)} (from exporter start)` : seconds(r.it);
      return `| ${r.scenario.id} ${r.scenario.title} | ${seconds(r.oncall)} | ${itSeconds} | ${what} | ${r.durationSeconds.toFixed(0)} |`;
    });
  process.stdout.write(
    [
      '',
      'Fault drills (seconds from the fault to the first notification):',
      '| scenario | on-call s | IT s | what arrived | scenario duration s |',
      '| --- | --- | --- | --- | --- |',
      ...rows,
      '',
    ].join('\n'),
  );
});

function explain(result: DrillResult): string {
  return `received since the fault:\n  ${result.received.join('\n  ') || '(nothing)'}\nlogs in ${result.logDir}\n${result.logs}`;
}

// First, so its stack starts with the first drills: it is the longest single scenario.
describe.concurrent('issue log: a red indicator becomes one adoption issue, resolved when green again', () => {
  it(
    `${ALERT} ${INDICATOR} at ${LOCATION}: late notes -> issue -> repeats, receiver restart, edits -> resolved -> evidence pack`,
    { timeout: 15 * 60_000 },
    async ({ expect }) => {
      if (!template) throw new Error('no template cluster');
      const result = await runIssueLogChain(template, expect);
      process.stdout.write(
        `issue log: red -> issue ${result.redToIssue.toFixed(1)} s, ${result.repeatsSeen} repeat(s) recorded on the same issue, green -> resolved ${result.greenToResolved.toFixed(1)} s, scenario ${result.seconds.toFixed(0)} s\n`,
      );
    },
  );
});

describe.concurrent('fault drills: every scenario ends with a notification to on-call within 5 minutes', () => {
  it.for(SCENARIOS.map((scenario): [string, Scenario] => [`${scenario.id} ${scenario.title}`, scenario]))(
    '%s',
    { timeout: 15 * 60_000 },
    async ([, scenario], { expect }) => {
      if (!template) throw new Error('no template cluster');
      const result = await runDrill(scenario, template);
      results.push(result);
      process.stdout.write(
        `${scenario.id}: on-call ${result.oncall?.seconds.toFixed(1) ?? 'NOTHING'} s (${result.oncall?.alertnames.join(', ') ?? ''}), IT ${result.it?.seconds.toFixed(1) ?? '-'} s (${result.it?.alertnames.join(', ') ?? ''}), scenario ${result.durationSeconds.toFixed(0)} s\n`,
      );

      // Never silence: the location's on-call lead hears within 5 minutes, and what they hear is allowed.
      expect(result.oncall, `${scenario.id}: on-call heard nothing in ${DEADLINE_SECONDS} s\n${explain(result)}`).toBeDefined();
      expect(result.oncall?.seconds ?? Infinity).toBeLessThan(DEADLINE_SECONDS);
      expect(
        result.oncall?.alertnames.some((name) => scenario.oncall.includes(name)),
        explain(result),
      ).toBe(true);
      const oncallAlerts = result.oncall?.notification.alerts ?? [];
      const real = oncallAlerts.find((a) => a.labels['alertname'] === REAL_ALERT);
      if (real) expect(real.labels).toMatchObject({ location: 'loc-01', care_alert_severity: 'critical', category: 'safety', severity: 'critical' });
      const degraded = oncallAlerts.find((a) => a.labels['alertname'] === DEGRADED);
      if (degraded) {
        expect(degraded.labels).toMatchObject({ location: 'loc-01', category: 'safety', severity: 'critical' });
        // Whole seconds, UTC, no later than the fault (the data is stale since then).
        const lastFresh = degraded.annotations['last_fresh_data'] ?? '';
        expect(lastFresh).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+0000 UTC$/);
        expect(Date.parse(lastFresh.replace(' +0000 UTC', 'Z').replace(' ', 'T'))).toBeLessThanOrEqual(result.t0);
      }
      // A scenario whose safety data stays fresh must not page "monitoring degraded".
      if (!scenario.oncall.includes(DEGRADED)) {
        expect(
          result.received.filter((line) => line.includes(DEGRADED)),
          explain(result),
        ).toEqual([]);
      }
      // IT hears the platform alert that names the fault; where nothing is wrong, IT hears nothing.
      if (scenario.it.length > 0) {
        expect(result.it, `${scenario.id}: IT heard nothing of ${scenario.it.join('/')}\n${explain(result)}`).toBeDefined();
        expect(result.it?.seconds ?? Infinity).toBeLessThan(DEADLINE_SECONDS);
      } else {
        expect(
          result.received.filter((line) => line.includes(' /it ')),
          explain(result),
        ).toEqual([]);
      }
      // The inhibition-only alert reaches no one; no on-call lead gets a flood of resolutions.
      expect(result.received.filter((line) => line.includes('EcmAdoptionDataUnreliable'))).toEqual([]);
      expect(
        result.received.filter((line) => line.includes(ONCALL_PATH) && line.includes('(resolved)')),
        explain(result),
      ).toEqual([]);
    },
  );
});
