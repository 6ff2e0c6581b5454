/** The on-call leads', managers' and IT's inboxes: an Alertmanager webhook receiver on 127.0.0.1. */
import { createServer, type Server } from 'node:http';
import { isRecord } from '../provisioning/support.ts';

export interface ReceivedAlert {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Unix ms; endsAt is when a resolved alert resolved (Alertmanager sends 0001-01-01 while firing). */
  startsAt: number;
  endsAt: number;
}

export interface Notification {
  at: number;
  path: string;
  receiver: string;
  status: string;
  alerts: ReceivedAlert[];
}

export interface WebhookSink {
  port: number;
  received: Notification[];
  close(): Promise<void>;
}

function record(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

function parseNotification(path: string, text: string): Notification {
  const body: unknown = JSON.parse(text);
  if (!isRecord(body)) throw new Error('webhook body is not an object');
  const alerts = Array.isArray(body['alerts']) ? body['alerts'].filter(isRecord) : [];
  return {
    at: Date.now(),
    path,
    receiver: String(body['receiver']),
    status: String(body['status']),
    alerts: alerts.map((a) => ({
      status: String(a['status']),
      labels: record(a['labels']),
      annotations: record(a['annotations']),
      startsAt: Date.parse(String(a['startsAt'])),
      endsAt: Date.parse(String(a['endsAt'])),
    })),
  };
}

export async function startWebhookSink(): Promise<WebhookSink> {
  const received: Notification[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        received.push(parseNotification(req.url ?? '/', Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200).end('ok');
      } catch (error) {
        res.writeHead(400).end(error instanceof Error ? error.message : 'bad body');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
