/**
 * Throwaway certificates made with the openssl CLI into a temp dir, for the TLS
 * tests and the TLS bench: nothing secret is committed. P-256 keys (fast to make).
 *   ca            signs the server and the good client certificate
 *   server        CN 127.0.0.1, SAN IP:127.0.0.1 + DNS:localhost (Go refuses CN-only names)
 *   client        signed by ca, SAN DNS:prometheus + URI spiffe://care/prometheus
 *   otherCa       an unrelated CA ("the wrong CA")
 *   strangerClient signed by otherCa, SAN DNS:prometheus
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface CertPair {
  cert: string;
  key: string;
}

export interface TestCerts {
  dir: string;
  ca: CertPair;
  server: CertPair;
  client: CertPair;
  otherCa: CertPair;
  strangerClient: CertPair;
  read(file: string): string;
  /** Another server certificate for 127.0.0.1 from the same CA (a renewal). */
  renewServer(name: string): CertPair;
  /** Deletes the temp dir (keys included); for afterAll. */
  remove(): void;
}

function openssl(args: string[], cwd: string): void {
  const result = spawnSync('openssl', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new Error(`openssl not runnable (apt-get install openssl): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`);
}

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

function makeCa(dir: string, name: string): CertPair {
  openssl(['req', '-x509', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '3', '-subj', `/CN=${name} test CA`], dir);
  return { cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
}

function makeLeaf(dir: string, name: string, ca: CertPair, cn: string, extensions: string): CertPair {
  writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl(['req', ...KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
  openssl(
    ['x509', '-req', '-in', `${name}.csr`, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', `${name}.crt`, '-days', '3', '-extfile', `${name}.ext`],
    dir,
  );
  return { cert: path.join(dir, `${name}.crt`), key: path.join(dir, `${name}.key`) };
}

export function makeTestCerts(prefix = 'ecm-tls-'): TestCerts {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const ca = makeCa(dir, 'ca');
  const otherCa = makeCa(dir, 'other-ca');
  const server = makeLeaf(dir, 'server', ca, '127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  const client = makeLeaf(dir, 'client', ca, 'prometheus', 'subjectAltName=DNS:prometheus,URI:spiffe://care/prometheus\nextendedKeyUsage=clientAuth\n');
  const strangerClient = makeLeaf(dir, 'stranger', otherCa, 'prometheus', 'subjectAltName=DNS:prometheus\nextendedKeyUsage=clientAuth\n');
  const renewServer = (name: string): CertPair =>
    makeLeaf(dir, name, ca, '127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  return {
    dir,
    ca,
    server,
    client,
    otherCa,
    strangerClient,
    read: (file) => readFileSync(file, 'utf8'),
    renewServer,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
