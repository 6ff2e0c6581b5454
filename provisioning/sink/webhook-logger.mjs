// Notification sink for the compose stack: receives Alertmanager webhooks and shows what each
// person would receive. POST /<receiver path> logs one line per alert; GET / lists the last 200.
// Plain Node, no dependencies, so it runs from the stock node image.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 8080);
const recent = [];

function summarise(path, body) {
  return (body.alerts ?? []).map((alert) => ({
    receivedAt: new Date().toISOString(),
    to: path,
    receiver: body.receiver,
    status: alert.status,
    alertname: alert.labels?.alertname,
    location: alert.labels?.location ?? '',
    severity: alert.labels?.severity,
    summary: alert.annotations?.summary,
    runbook: alert.annotations?.runbook_url,
    dashboard: alert.annotations?.dashboard_url,
  }));
}

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(recent, null, 2));
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      for (const line of summarise(req.url ?? '/', JSON.parse(Buffer.concat(chunks).toString('utf8')))) {
        recent.unshift(line);
        process.stdout.write(
          `${line.status.toUpperCase()} -> ${line.to} [${line.severity}] ${line.alertname} ${line.location}: ${line.summary} (runbook ${line.runbook})\n`,
        );
      }
      recent.splice(200);
      res.writeHead(200).end('ok');
    } catch (error) {
      process.stderr.write(`bad webhook body on ${req.url}: ${error.message}\n`);
      res.writeHead(400).end('bad json');
    }
  });
});

server.listen(port, '0.0.0.0', () => process.stdout.write(`notification sink on :${port}\n`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
