/**
 * The group-wide view end to end (README "Group-wide view"): two sites, each an exporter on its
 * own seeded database scraped by a Prometheus 2.42 agent that forwards with remote_write to a
 * central Prometheus (--web.enable-remote-write-receiver). The central store must hold both
 * sites' series under their `site` label, and the group roll-ups and the group dashboard's
 * queries must return data for both.
 *
 * Expected values are not copied from Prometheus: each site's roll-up is worked out here from
 * that site's own exporter /metrics (sum of numerators over sum of denominators), read
 * independently of the agents; the two sites are seeded with different seeds, so a roll-up that
 * mixed them up would differ.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVISIONING, isRecord } from '../provisioning/support.ts';
import { queriesOf, substitute } from '../provisioning/dashboard-queries.ts';
import { startGroup, type Group } from './group-env.ts';
import { instantQuery, type Sample } from './prom-api.ts';
import { waitFor } from './processes.ts';

let group: Group | undefined;

beforeAll(async () => {
  group = await startGroup();
}, 240_000);

afterAll(async () => {
  await group?.stop();
});

function running(): Group {
  if (!group) throw new Error('the group did not start');
  return group;
}

type Counts = Map<string, { numerator: number; denominator: number }>;

/** indicator|window -> sums over the site's locations, from the exporter's own exposition. */
async function siteCounts(exporterUrl: string): Promise<Counts> {
  const text = await (await fetch(`${exporterUrl}/metrics`)).text();
  const counts: Counts = new Map();
  for (const [, part, labels, value] of text.matchAll(/^ecm_adoption_indicator_(numerator|denominator)\{([^}]*)\} (\S+)$/gm)) {
    const label = (name: string): string => new RegExp(`(?:^|,)${name}="([^"]*)"`).exec(labels ?? '')?.[1] ?? '';
    const key = `${label('indicator')}|${label('window')}`;
    const entry = counts.get(key) ?? { numerator: 0, denominator: 0 };
    entry[part === 'numerator' ? 'numerator' : 'denominator'] += Number(value);
    counts.set(key, entry);
  }
  return counts;
}

const bySite = (samples: Sample[]): string[] => samples.map((s) => s.metric['site'] ?? '').sort();

describe('group-wide view on Prometheus agents and a central store', () => {
  it("holds both sites' series, each under its own site label", async () => {
    const { centralUrl } = running();
    const sites = await waitFor('both sites on the central store', 90_000, async () => {
      const samples = await instantQuery(centralUrl, 'count by (site) (ecm_adoption_indicator_ratio)');
      return bySite(samples).join(',') === 'north,south' ? samples : undefined;
    });
    // The small profile: one home, 7 indicators x 2 windows at each site.
    for (const sample of sites) expect(sample.value).toBe(14);
    expect(bySite(await instantQuery(centralUrl, 'ecm_adoption_exporter_up == 1'))).toEqual(['north', 'south']);
  });

  it("each site's roll-up is its own exporter's sum(numerator) / sum(denominator); the group's adds both sites", async () => {
    const { centralUrl, sites } = running();
    const expected = new Map<string, Counts>();
    // Retried: the exporters refresh every 10 s, the agents and rules run every 5 s.
    await waitFor('site roll-ups equal to the exporters', 90_000, async () => {
      for (const site of sites) expected.set(site.name, await siteCounts(site.exporterUrl));
      const rollups = await instantQuery(centralUrl, 'site_indicator_window:ecm_adoption_indicator_ratio:site');
      if (rollups.length === 0) return undefined;
      for (const sample of rollups) {
        const counts = expected.get(sample.metric['site'] ?? '')?.get(`${sample.metric['indicator'] ?? ''}|${sample.metric['window'] ?? ''}`);
        if (!counts || Math.abs(sample.value - counts.numerator / counts.denominator) > 1e-9) return undefined;
      }
      return bySite(rollups).filter((site, i, all) => all.indexOf(site) === i).length === 2 ? true : undefined;
    });
    const north = expected.get('north')?.get('task_completion|7d');
    const south = expected.get('south')?.get('task_completion|7d');
    if (!north || !south) throw new Error('no task_completion 7d counts');
    expect(north).not.toEqual(south); // different seeds: different rows
    const groupRatio = await instantQuery(centralUrl, 'indicator_window:ecm_adoption_indicator_ratio:group{indicator="task_completion",window="7d"}');
    expect(groupRatio).toHaveLength(1);
    expect(groupRatio[0]?.value).toBeCloseTo((north.numerator + south.numerator) / (north.denominator + south.denominator), 6);
  });

  it('the group dashboard queries return data for both sites', async () => {
    const { centralUrl } = running();
    const json: unknown = JSON.parse(readFileSync(path.join(PROVISIONING, 'grafana/group/group.json'), 'utf8'));
    if (!isRecord(json)) throw new Error('group.json: not an object');
    const queries = queriesOf({ file: 'group.json', json });
    for (const site of ['north', 'south']) {
      for (const query of queries) {
        const expr = substitute(query.expr, { site });
        const samples = await waitFor(`${query.panel} for ${site}`, 60_000, async () => {
          const result = await instantQuery(centralUrl, expr);
          return result.length > 0 ? result : undefined;
        });
        // Per-site series carry that site only; group-wide ones (no site label) are the same for both.
        for (const sample of samples) expect([site, undefined]).toContain(sample.metric['site']);
      }
    }
    expect((await instantQuery(centralUrl, 'sum(site:up:min)'))[0]?.value).toBe(2);
  });
});
