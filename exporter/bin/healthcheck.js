#!/usr/bin/env node
// Docker HEALTHCHECK (argument: the path, default /healthz): the exporter is alive when it answers on 127.0.0.1:$PORT, over HTTPS or HTTP, with any
// status below 500. With a web config the scheme may be https and the answer 401 (basic auth on every path):
// both still mean the process serves. HTTPS is tried first, so a TLS exporter logs no failed handshake per probe.
// The certificate is not checked: the probe asks "is it serving", and the certificate names the public host.
// A web config with client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert needs a TCP check instead.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const port = Number(process.env.PORT || 9187);
const path = process.argv[2] || '/healthz';

function answers(request, options) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 4000, ...options }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

const alive = (await answers(httpsRequest, { rejectUnauthorized: false })) || (await answers(httpRequest, {}));
process.exit(alive ? 0 : 1);
