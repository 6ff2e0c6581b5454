import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeConnectionError, redactUrl, scrubSecrets } from '../src/errors.ts';

describe('redactUrl', () => {
  it.each([
    ['postgres://reader:s3cret@db.example:5432/ecm', 'postgres://reader:***@db.example:5432/ecm'],
    ['postgresql://reader@db.example/ecm', 'postgresql://reader@db.example/ecm'],
    ['postgres://db.example/ecm?password=s3cret&application_name=x', 'postgres://db.example/ecm?password=***&application_name=x'],
    ['postgres://r:p@db/ecm?sslpassword=k3y', 'postgres://r:***@db/ecm?sslpassword=***'],
    // An unescaped @, / or # in the password: the text is split at the last @, so nothing of it shows.
    ['postgres://reader:p@ss@db:5432/ecm', 'postgres://reader:***@db:5432/ecm'],
    ['postgres://reader:12/34@db:5432/ecm', 'postgres://reader:***@db:5432/ecm'],
    ['postgres://reader:pa#ss@db:5432/ecm', 'postgres://reader:***@db:5432/ecm'],
    // A user part that is not a plain user name may be a mangled password: hidden too.
    ['postgres://db/ecm?password=x@y', 'postgres://***@y'],
    ['mysql://root:s3cret@db/ecm', 'mysql://root:***@db/ecm'],
    // Nothing parsable after the credentials: only the scheme and a note.
    ['postgres://reader:s3cret@db:port/ecm', 'postgres://(unparsable URL, not shown)'],
    ['reader:s3cret@db/ecm', '(not a URL; not shown)'],
    ['', '(not a URL; not shown)'],
  ])('%s -> %s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('never shows any part of a password written between user: and @host', () => {
    // Passwords of printable ASCII (any /, #, ?, @, :, %), marked by a prefix no other part contains.
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcXYZ019/#?@:%&=+ -_.~!$'.split('')), maxLength: 30 }), (tail) => {
        const password = `Qz${tail}`;
        const shown = redactUrl(`postgres://reader:${password}@db.example:5432/ecm`);
        expect(shown).not.toContain('Qz');
        expect(shown).toMatch(/^postgres:\/\/reader:\*\*\*@/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('scrubSecrets and describeConnectionError', () => {
  const url = 'postgres://reader:s3cret%21@db.example:5432/ecm';

  it('replaces the URL and its password, as written and decoded, in a driver message', () => {
    expect(scrubSecrets(`failed for ${url}: password s3cret! and s3cret%21 rejected`, url)).toBe(
      'failed for postgres://reader:***@db.example:5432/ecm: password *** and *** rejected',
    );
  });

  it('leaves words alone when the password is too short to tell from them, the URL still redacted', () => {
    const short = 'postgres://reader:a@db/ecm';
    expect(scrubSecrets(`password authentication failed at ${short}`, short)).toBe('password authentication failed at postgres://reader:***@db/ecm');
  });

  it('names the target without its password', () => {
    expect(describeConnectionError(new Error(`could not reach ${url}`), url).message).toBe(
      'cannot connect to the database at postgres://reader:***@db.example:5432/ecm: could not reach postgres://reader:***@db.example:5432/ecm',
    );
  });
});
