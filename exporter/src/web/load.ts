/**
 * Reads and checks the web config file once, at start: a bad file stops the
 * exporter before it opens a database or a port, with every problem listed
 * (ConfigError, exit 2). Two passes like the main config: shape (zod), then
 * meaning (referenced files load, key matches certificate, hashes are bcrypt,
 * rules between keys). The meaning pass also runs on the parts of a file whose
 * shape was fine, so one run reports everything.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { ConfigError, issuesToProblems, type ConfigProblem } from '../config/index.ts';
import { BCRYPT_HASH, CONFIGURABLE_HEADERS, webConfigFile, type WebConfigFile } from './schema.ts';
import { buildTls, type WebTls } from './tls.ts';

export interface WebConfig {
  /** The file, as given; undefined when no web config is used. */
  readonly source: string | undefined;
  /** undefined: plain HTTP. */
  readonly tls: WebTls | undefined;
  /** Extra response headers (http_server_config.headers), on every response. */
  readonly headers: Readonly<Record<string, string>>;
  /** username -> bcrypt hash; empty: no basic auth. */
  readonly basicAuthUsers: ReadonlyMap<string, string>;
  /** A token bucket over all requests (rate_limit); undefined: none. */
  readonly rateLimit: { readonly intervalMs: number; readonly burst: number } | undefined;
}

/** No file: plain HTTP, no authentication (the default, with 127.0.0.1 as listen address). */
export const NO_WEB_CONFIG: WebConfig = Object.freeze({
  source: undefined,
  tls: undefined,
  headers: Object.freeze({}),
  basicAuthUsers: new Map(),
  rateLimit: undefined,
});

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration for the forms the schema accepts ("1s", "1m30s", "250ms"). */
export function goDurationMs(text: string | 0): number {
  if (text === 0) return 0;
  let total = 0;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 0);
  return total;
}

function parseYaml(text: string, problems: ConfigProblem[]): unknown {
  const document = YAML.parseDocument(text, { uniqueKeys: true });
  for (const error of document.errors) {
    const where = error.linePos?.[0];
    problems.push({ path: where ? `line ${where.line}, column ${where.col}` : '(yaml)', message: error.message.split('\n')[0] ?? error.code });
  }
  return document.errors.length > 0 ? undefined : (document.toJS() ?? {});
}

/**
 * Drops every field the shape pass rejected (unknown keys, bad values) so the
 * rest can still be checked for meaning; returns the dropped `section.key` paths.
 */
function withoutRejected(raw: Record<string, unknown>, issues: readonly z.core.$ZodIssue[]): { kept: Record<string, unknown>; dropped: Set<string> } {
  const kept = structuredClone(raw);
  const dropped = new Set<string>();
  const drop = (keys: readonly PropertyKey[]): void => {
    const [section, field] = keys.map(String);
    if (section === undefined) return;
    const node = kept[section];
    if (field === undefined || node === null || typeof node !== 'object') delete kept[section];
    else delete (node as Record<string, unknown>)[field];
    dropped.add(field === undefined ? section : `${section}.${field}`);
  };
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) drop([...issue.path, key]);
    else drop(issue.path);
  }
  return { kept, dropped };
}

function headerProblems(headers: Readonly<Record<string, string>>): ConfigProblem[] {
  return Object.entries(headers).flatMap(([name, value]): ConfigProblem[] => {
    const where = `http_server_config.headers.${name}`;
    if (!Object.hasOwn(CONFIGURABLE_HEADERS, name))
      return [{ path: where, message: `this header cannot be configured (allowed: ${Object.keys(CONFIGURABLE_HEADERS).join(', ')})` }];
    const allowed = CONFIGURABLE_HEADERS[name];
    if (allowed && !allowed.includes(value)) return [{ path: where, message: `must be one of ${allowed.join(', ')} (got "${value}")` }];
    return [];
  });
}

function userProblems(users: Readonly<Record<string, string>>): ConfigProblem[] {
  return Object.entries(users).flatMap(([name, hash]): ConfigProblem[] => {
    const where = `basic_auth_users.${name}`;
    // The hash itself is never echoed: it is a secret in the toolkit's format too.
    if (name.includes(':')) return [{ path: where, message: 'a user name cannot contain ":" (HTTP basic auth splits user and password there)' }];
    if (!BCRYPT_HASH.test(hash))
      return [{ path: where, message: 'not a bcrypt hash ($2a$, $2b$ or $2y$, cost 04-31, 60 characters): make one with `htpasswd -nBC 10 USER`' }];
    return [];
  });
}

function meaning(file: WebConfigFile, dir: string, dropped: ReadonlySet<string>, problems: ConfigProblem[]): WebConfig {
  const tlsSection = file.tls_server_config ?? {};
  const tls = Object.keys(tlsSection).length > 0 || dropped.has('tls_server_config') ? buildTls(tlsSection, dir, dropped, problems) : undefined;
  const http = file.http_server_config ?? {};
  if (http.http2 === true) {
    problems.push({
      path: 'http_server_config.http2',
      message: 'HTTP/2 is not served by this exporter (HTTP/1.1 only, over TLS too): remove the key or set it to false',
    });
  }
  const headers = Object.fromEntries(Object.entries(http.headers ?? {}).filter(([, value]) => value !== ''));
  problems.push(...headerProblems(headers));
  const users = file.basic_auth_users ?? {};
  problems.push(...userProblems(users));
  const limit = file.rate_limit;
  const intervalMs = limit ? goDurationMs(limit.interval) : 0;
  return {
    source: undefined,
    tls,
    headers: Object.freeze(headers),
    basicAuthUsers: new Map(Object.entries(users)),
    rateLimit: limit && intervalMs > 0 ? Object.freeze({ intervalMs, burst: limit.burst }) : undefined,
  };
}

/** Validates the text of a web config file; `dir` is where relative file names point (the file's folder, as in the toolkit). */
export function validateWebConfig(text: string, source: string, dir: string): WebConfig {
  const problems: ConfigProblem[] = [];
  const parsed = parseYaml(text, problems);
  if (parsed === undefined) throw new ConfigError(source, problems);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(source, [
      { path: '(top level)', message: 'must be a mapping (tls_server_config, http_server_config, basic_auth_users, rate_limit)' },
    ]);
  }
  const raw = parsed as Record<string, unknown>;
  const shaped = webConfigFile.safeParse(raw);
  let file: WebConfigFile = shaped.success ? shaped.data : {};
  let dropped = new Set<string>();
  if (!shaped.success) {
    problems.push(...issuesToProblems(shaped.error.issues, []));
    const rest = withoutRejected(raw, shaped.error.issues);
    dropped = rest.dropped;
    const again = webConfigFile.safeParse(rest.kept);
    if (again.success) file = again.data;
  }
  const config = meaning(file, dir, dropped, problems);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return Object.freeze({ ...config, source });
}

/** Reads the file named by --web.config.file / WEB_CONFIG_FILE / server.webConfigFile (an absolute path by then). */
export async function loadWebConfig(file: string | undefined): Promise<WebConfig> {
  if (file === undefined) return NO_WEB_CONFIG;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason =
      error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'file not found' : error instanceof Error ? error.message : String(error);
    throw new ConfigError(file, [{ path: '(file)', message: reason }]);
  }
  return validateWebConfig(text, file, path.dirname(file));
}
