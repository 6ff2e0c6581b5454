/**
 * An error caused by the user's input (flags, config, files, an unreachable
 * database). The CLI prints its message as one line and exits non-zero, without
 * a stack trace: the message must say what is wrong and where.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Turns a driver's connection failure into one clear line naming the target, without its password. */
export function describeConnectionError(error: unknown, target: string): UserError {
  const detail = error instanceof Error ? error.message : String(error);
  return new UserError(`cannot connect to the database at ${redactUrl(target)}: ${scrubSecrets(detail, target) || 'connection refused'}`);
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]{0,19}):\/\//;
// A user name worth showing; anything else in front of the `@` may be a mangled password.
const PLAIN_USER = /^[A-Za-z0-9._~%+-]{1,63}$/;
// Query parameters that carry secrets (`password`, `sslpassword`, tokens).
const SECRET_PARAMETER = /pass|secret|token/i;

/**
 * The one way a connection URL is printed or logged: the password (and any
 * password-like query parameter) replaced by `***`. The text is split at its
 * LAST `@` by hand rather than trusting a URL parser, because a password holding
 * `/`, `#` or `?` unescaped makes a parser read part of it as host, port or path.
 * What cannot be parsed is never echoed: only its scheme and a note.
 */
export function redactUrl(url: string): string {
  const scheme = SCHEME.exec(url);
  if (!scheme) return '(not a URL; not shown)';
  const rest = url.slice(scheme[0].length);
  const at = rest.lastIndexOf('@');
  let userinfo = '';
  if (at >= 0) {
    const credentials = rest.slice(0, at);
    const colon = credentials.indexOf(':');
    const user = colon >= 0 ? credentials.slice(0, colon) : credentials;
    userinfo = `${PLAIN_USER.test(user) ? user : '***'}${colon >= 0 ? ':***' : ''}@`;
  }
  const location = at >= 0 ? rest.slice(at + 1) : rest;
  let parsed: URL;
  try {
    parsed = new URL(`${scheme[1]}://${location}`);
  } catch {
    return `${scheme[1]}://(unparsable URL, not shown)`;
  }
  const secrets = [...parsed.searchParams.keys()].filter((key) => SECRET_PARAMETER.test(key));
  for (const key of secrets) parsed.searchParams.set(key, '***');
  return `${scheme[1]}://${userinfo}${parsed.host}${parsed.pathname}${parsed.search}`;
}

/**
 * Removes a URL's secrets from a message (a driver's error text may quote the
 * connection string or the password): the raw URL becomes its redacted form and
 * the password, as written or decoded, becomes `***`. A password shorter than
 * MIN_SCRUBBED characters is only removed as part of the URL: as free text it
 * cannot be told from ordinary words (`a`), and replacing it would garble them.
 */
export function scrubSecrets(message: string, url: string): string {
  let text = message.split(url).join(redactUrl(url));
  for (const secret of urlSecrets(url)) if (secret.length >= MIN_SCRUBBED) text = text.split(secret).join('***');
  return text;
}

const MIN_SCRUBBED = 4;

/** The password of a URL as written and decoded, and password-like query values. */
function urlSecrets(url: string): string[] {
  const scheme = SCHEME.exec(url);
  const rest = scheme ? url.slice(scheme[0].length) : url;
  const at = rest.lastIndexOf('@');
  const credentials = at >= 0 ? rest.slice(0, at) : '';
  const colon = credentials.indexOf(':');
  const found = colon >= 0 ? [credentials.slice(colon + 1)] : [];
  for (const match of rest.matchAll(/[?&][^=&]*(?:pass|secret|token)[^=&]*=([^&#]*)/gi)) found.push(match[1] ?? '');
  const decoded = found.map((secret) => {
    try {
      return decodeURIComponent(secret);
    } catch {
      return secret;
    }
  });
  return [...new Set([...found, ...decoded])].filter((secret) => secret !== '').sort((a, b) => b.length - a.length);
}
