/**
 * The evidence pack of the running exporter (GET /evidence?location=...) lists an issue the
 * receiver recorded beside the issues imported from the CSV log, each saying who recorded it.
 */
import type { ExpectStatic } from 'vitest';
import { queryRows } from './issue-log-receiver.ts';
import type { Stack } from './stack-env.ts';

interface ReceiverIssue {
  issue_id: string;
  priority: string;
  indicator: string | null;
}

/**
 * Imported issues the pack must show: the location's and the organisation-wide ones (location
 * NULL) open at some time from go-live (the pack's default start) to today. Read from the store,
 * so the check follows the seed rather than copying it.
 */
const IMPORTED_SQL = `
  SELECT i.issue_id FROM adoption.adoption_issues i, ecm.locations l
  WHERE l.location_id = $1 AND i.recorded_by = 'import' AND (i.location_id = $1 OR i.location_id IS NULL)
    AND (i.resolved_at IS NULL OR i.resolved_at >= l.go_live_date::timestamp AT TIME ZONE l.timezone)
  ORDER BY i.issue_id`;

/** The pack's row of `issueId` in "What was found and what was done" (one <tr> per line). */
function rowOf(html: string, issueId: string): string | undefined {
  return html.split('\n').find((line) => line.startsWith('<tr>') && line.includes(`<code>${issueId}</code>`));
}

export async function checkEvidencePack(stack: Stack, location: string, issue: ReceiverIssue, expect: ExpectStatic): Promise<void> {
  const response = await fetch(`${stack.exporterUrl}/evidence?location=${encodeURIComponent(location)}`);
  const html = await response.text();
  expect(response.status, html.slice(0, 300)).toBe(200);
  const imported = (await queryRows<{ issue_id: string }>(stack.cluster.urlFor(stack.database), IMPORTED_SQL, [location])).map((r) => r.issue_id);
  expect(imported.length, 'the seed imports issues for this location').toBeGreaterThan(0);

  const received = rowOf(html, issue.issue_id);
  expect(received, `the pack lists ${issue.issue_id}`).toBeDefined();
  // Who recorded it and why, the priority the quality lead set, and its state: resolved.
  expect(received).toContain(`alert receiver: EcmIndicatorRed, ${(issue.indicator ?? '').replaceAll('_', ' ')}`);
  expect(received).toContain(`<td>${issue.priority}</td>`);
  expect(received).toContain('<td>resolved</td>');
  for (const id of imported) expect(rowOf(html, id), `imported issue ${id} in the pack`).toContain('issue log (import)');
  expect(html).toMatch(/\(\d+ recorded from governance alerts\)/);
  expect(Number(/\((\d+) recorded from governance alerts\)/.exec(html)?.[1])).toBeGreaterThanOrEqual(1);
}
