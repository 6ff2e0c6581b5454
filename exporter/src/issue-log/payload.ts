/**
 * Alertmanager's webhook notification, format version "4" (Alertmanager 0.25,
 * notify/webhook: the template Data plus version, groupKey and truncatedAlerts).
 * A firing alert's endsAt is the zero time "0001-01-01T00:00:00Z"; a resolved one's
 * is when it ended. The fingerprint identifies the alert's label set.
 */
import { z } from 'zod';

export const WEBHOOK_VERSION = '4';

const text = z.record(z.string(), z.string());
const rfc3339 = z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'must be an RFC 3339 time');

export const webhookAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: text,
  annotations: text.default({}),
  startsAt: rfc3339,
  endsAt: rfc3339,
  generatorURL: z.string().default(''),
  fingerprint: z.string().regex(/^[0-9a-f]{1,32}$/, 'must be hexadecimal'),
});

export const webhookPayload = z.object({
  version: z.literal(WEBHOOK_VERSION),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: text.default({}),
  commonLabels: text.default({}),
  commonAnnotations: text.default({}),
  externalURL: z.string().default(''),
  alerts: z.array(webhookAlert),
});

export type WebhookAlert = z.infer<typeof webhookAlert>;
export type WebhookPayload = z.infer<typeof webhookPayload>;

export type ParsedNotification = { ok: true; payload: WebhookPayload } | { ok: false; reason: string };

/** Malformed JSON, another version and a wrong shape are each one clear reason (answered 400). */
export function parseNotification(body: string): ParsedNotification {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json))
    return { ok: false, reason: 'expected a JSON object (an Alertmanager webhook notification)' };
  const version = 'version' in json ? json.version : undefined;
  if (version !== WEBHOOK_VERSION)
    return { ok: false, reason: `unsupported webhook version ${JSON.stringify(version ?? null)}: this receiver reads version "4" (Alertmanager 0.25)` };
  const parsed = webhookPayload.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(top level)'}: ${issue.message}`);
    return { ok: false, reason: `not an Alertmanager notification: ${issues.join('; ')}` };
  }
  return { ok: true, payload: parsed.data };
}
