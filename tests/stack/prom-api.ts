/** The bits of the Prometheus HTTP API the stack test needs. */
import { isRecord } from '../provisioning/support.ts';

export interface Sample {
  metric: Record<string, string>;
  value: number;
}

/** `atSeconds`: the evaluation time (Unix seconds); Prometheus' now when absent. */
export async function instantQuery(prometheusUrl: string, expr: string, atSeconds?: number): Promise<Sample[]> {
  const form = new URLSearchParams({ query: expr });
  if (atSeconds !== undefined) form.set('time', String(atSeconds));
  const response = await fetch(`${prometheusUrl}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  const body: unknown = await response.json();
  if (!isRecord(body) || body['status'] !== 'success' || !isRecord(body['data'])) {
    throw new Error(`query failed: ${expr}: ${JSON.stringify(body)}`);
  }
  const data = body['data'];
  const result = Array.isArray(data['result']) ? data['result'].filter(isRecord) : [];
  if (data['resultType'] === 'scalar' && Array.isArray(data['result'])) return [{ metric: {}, value: Number(data['result'][1]) }];
  return result.map((item) => {
    const metric: Record<string, string> = {};
    if (isRecord(item['metric'])) for (const [k, v] of Object.entries(item['metric'])) metric[k] = String(v);
    const value = Array.isArray(item['value']) ? Number(item['value'][1]) : Number.NaN;
    return { metric, value };
  });
}
