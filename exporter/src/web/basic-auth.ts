/**
 * HTTP basic auth against bcrypt hashes, as exporter-toolkit's web handler does it:
 * - a verification is cached, keyed by a hash of user, password and stored hash,
 *   so a Prometheus scraping every 15 s pays one bcrypt, not one per scrape; the
 *   key is a SHA-256, so the cache holds no password in clear;
 * - a verification in progress is shared: 50 scrapers arriving together with the
 *   same credentials wait for one bcrypt instead of running 50;
 * - an unknown user is compared against a dummy hash of the same cost, so the
 *   time of the first answer does not tell which user names exist.
 * Failures are cached too (bounded), as in the toolkit: a scraper with a stale
 * password does not cost a bcrypt every scrape.
 */
import bcrypt from 'bcryptjs';
import { createHash, randomBytes } from 'node:crypto';

/** The toolkit's cache holds 100 entries and drops a tenth when full. */
const CACHE_SIZE = 100;

export interface Credentials {
  user: string;
  password: string;
}

/** Parses `Authorization: Basic base64(user:password)` (scheme case-insensitive, as Go's Request.BasicAuth). */
export function parseBasicAuth(header: string | undefined): Credentials | undefined {
  const match = /^basic ([A-Za-z0-9+/]+={0,2})$/i.exec(header?.trim() ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

export interface BasicAuthVerifier {
  /** Resolves true when the credentials name a configured user with the right password. */
  verify(credentials: Credentials | undefined): Promise<boolean>;
  /** Verifications kept (for tests and the bench). */
  cacheSize(): number;
}

function costOf(hash: string): number {
  return Number(hash.slice(4, 6));
}

export function createBasicAuthVerifier(users: ReadonlyMap<string, string>): BasicAuthVerifier {
  const costs = [...users.values()].map(costOf);
  // A fresh random dummy at the highest configured cost: unknown users take as long as the slowest real one.
  // Made in the background: at cost 12 and more, bcryptjs would hold up the start for seconds.
  const dummyHash = bcrypt.hash(randomBytes(16).toString('hex'), costs.length > 0 ? Math.max(...costs) : 10);
  const cache = new Map<string, Promise<boolean>>();

  function makeRoom(): void {
    if (cache.size < CACHE_SIZE) return;
    // Oldest first (a Map keeps insertion order): the scrapers' steady credentials are re-added at once.
    let drop = Math.max(1, Math.floor(cache.size / 10));
    for (const key of cache.keys()) {
      if (drop-- <= 0) break;
      cache.delete(key);
    }
  }

  return {
    async verify(credentials) {
      if (!credentials) return false;
      const stored = users.get(credentials.user);
      // Concurrent calls resume one after the other here, so the first one's cache entry serves the rest.
      const hash = stored ?? (await dummyHash);
      const key = createHash('sha256').update(credentials.user).update('\0').update(credentials.password).update('\0').update(hash).digest('hex');
      const cached = cache.get(key);
      if (cached) return cached;
      const known = stored !== undefined;
      const pending = bcrypt.compare(credentials.password, hash).then(
        (matches) => matches && known,
        () => false,
      );
      makeRoom();
      cache.set(key, pending);
      return pending;
    },
    cacheSize: () => cache.size,
  };
}
