/**
 * The CLI side: a bad web config stops `demo` and `serve` with exit 2 and a
 * message naming the file and every problem, before any database or port is
 * opened; `check-config` checks the web config named by the config file;
 * the flag is in the help of both commands.
 */
import bcrypt from 'bcryptjs';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCerts, type TestCerts } from '../support/tls-certs.ts';

const EXPORTER = fileURLToPath(new URL('../../', import.meta.url));
const TSX = path.join(EXPORTER, '..', 'node_modules', '.bin', 'tsx');

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, ['src/cli.ts', ...args], { cwd: EXPORTER, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

let certs: TestCerts;
beforeAll(() => {
  certs = makeTestCerts();
  writeFileSync(path.join(certs.dir, 'bad-web.yml'), 'tls_server_config:\n  cert_file: nowhere.crt\n  key_file: server.key\nbasic_auth_users:\n  op: secret\n');
  writeFileSync(
    path.join(certs.dir, 'web.yml'),
    `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  op: "${bcrypt.hashSync('pw', 4)}"\n`,
  );
  writeFileSync(path.join(certs.dir, 'config.yaml'), 'server:\n  webConfigFile: web.yml\n');
});
afterAll(() => certs?.remove());

describe('web config on the command line', () => {
  it('demo and serve refuse a bad web config with exit 2, naming the file and each problem, before opening anything', async () => {
    const bad = path.join(certs.dir, 'bad-web.yml');
    for (const args of [
      ['demo', '--web.config.file', bad],
      ['serve', '--web.config.file', bad],
    ]) {
      const result = await cli(args, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', PORT: '0' });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`ecm-adoption-exporter: invalid configuration ${bad} (2 problems):`);
      expect(result.stderr).toContain(`tls_server_config.cert_file: cannot read ${path.join(certs.dir, 'nowhere.crt')}: file not found`);
      expect(result.stderr).toContain('basic_auth_users.op: not a bcrypt hash');
      // Nothing was seeded or connected to: the first line demo prints after its checks is absent.
      expect(result.stdout).not.toContain('creating the embedded database');
      expect(result.stderr).not.toContain('cannot connect');
    }
  });

  it('WEB_CONFIG_FILE names the file too', async () => {
    const result = await cli(['demo'], { WEB_CONFIG_FILE: path.join(certs.dir, 'bad-web.yml'), PORT: '0' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad-web.yml (2 problems)');
  });

  it('check-config checks the web config named in the config file (relative to it)', async () => {
    const ok = await cli(['check-config', path.join(certs.dir, 'config.yaml')]);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toMatch(
      new RegExp(
        `, web config ${path.join(certs.dir, 'web.yml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: https \\(client certificates: NoClientCert\\), 1 basic auth user\\n$`,
      ),
    );
    const bad = await cli(['check-config', path.join(certs.dir, 'config.yaml')], { WEB_CONFIG_FILE: path.join(certs.dir, 'bad-web.yml') });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad-web.yml (2 problems)');
  });

  it('the flag is in the help of serve and demo', async () => {
    for (const command of ['serve', 'demo']) {
      const help = await cli([command, '--help']);
      expect(help.stdout).toContain('--web.config.file <path>');
      expect(help.stdout).toContain('exporter-toolkit');
    }
  });
});
