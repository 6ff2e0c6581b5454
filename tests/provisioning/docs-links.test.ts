/**
 * The README and docs/ as a reader meets them: every relative link and anchor resolves, the
 * README stays a front door (small), the architecture's "where do I change X" table points at
 * files that exist, and SQL shown in two places is the same SQL.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './support.ts';

const README = path.join(REPO, 'README.md');
const DOCS = path.join(REPO, 'docs');

function markdownUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return markdownUnder(full);
    return name.endsWith('.md') ? [full] : [];
  });
}

/** The text outside fenced code blocks (links and headings there are examples, not links). */
function prose(text: string): string {
  return text.replace(/^ *```[\s\S]*?^ *```/gm, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of prose(readFileSync(file, 'utf8')).matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const slug = (match[1] ?? '')
      .toLowerCase()
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

interface Link {
  from: string;
  line: number;
  target: string;
}

function relativeLinks(file: string): Link[] {
  const lines = prose(readFileSync(file, 'utf8')).split('\n');
  return lines.flatMap((text, i) =>
    [...text.matchAll(/\]\(([^)\s]+)(?: "[^"]*")?\)/g)]
      .map((match) => match[1] ?? '')
      .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map((target) => ({ from: path.relative(REPO, file), line: i + 1, target })),
  );
}

/** Why a link does not resolve, or undefined when it does. */
function brokenBecause(link: Link): string | undefined {
  const [file = '', anchor] = link.target.split('#');
  const resolved = file === '' ? path.join(REPO, link.from) : path.resolve(path.dirname(path.join(REPO, link.from)), file);
  if (!resolved.startsWith(REPO)) return 'points outside the repository';
  if (!existsSync(resolved)) return 'no such file';
  if (anchor === undefined) return undefined;
  if (!resolved.endsWith('.md')) return 'anchor on a file that is not Markdown';
  return anchorsOf(resolved).has(anchor) ? undefined : `no heading "#${anchor}" in ${path.relative(REPO, resolved)}`;
}

const FILES = [README, ...markdownUnder(DOCS)];

describe('links in README.md and docs/', () => {
  const links = FILES.flatMap(relativeLinks);

  it('finds the links (the check can fail)', () => {
    expect(links.length).toBeGreaterThan(100);
    expect(brokenBecause({ from: 'README.md', line: 0, target: 'docs/operations.md#no-such-heading' })).toMatch(/no heading/);
    expect(brokenBecause({ from: 'docs/operations.md', line: 0, target: 'missing.md' })).toBe('no such file');
    expect(brokenBecause({ from: 'docs/operations.md', line: 0, target: 'runbooks/EcmTasksOverdue.md' })).toBeUndefined();
  });

  it('slugs headings as GitHub does', () => {
    expect(anchorsOf(path.join(DOCS, 'operations.md'))).toContain('running-the-full-stack-docker-compose');
    expect(anchorsOf(path.join(DOCS, 'architecture.md'))).toContain('how-metrics-is-served');
  });

  it('every relative link resolves to a file, and every anchor to a heading of it', () => {
    const broken = links.flatMap((link) => {
      const why = brokenBecause(link);
      return why ? [`${link.from}:${link.line} ${link.target}: ${why}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it('every docs/ page is reachable from the README or another page', () => {
    const targets = new Set(links.map((link) => path.resolve(path.dirname(path.join(REPO, link.from)), link.target.split('#')[0] ?? '')));
    const orphans = markdownUnder(DOCS).filter((file) => !targets.has(file));
    expect(orphans.map((file) => path.relative(REPO, file))).toEqual([]);
  });
});

describe('README.md is a front door', () => {
  it('is under 12 KB', () => {
    expect(statSync(README).size).toBeLessThan(12 * 1024);
  });

  it('starts with the two commands that work on a fresh machine', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'))?.[1] ?? '';
    expect(firstBlock.split('\n').map((line) => line.split('#')[0]?.trim())).toEqual(['npm ci && npm start', 'npm ci && npm test', '']);
  });
});

/** The ```sql blocks of a file that mention `role`. */
function sqlFor(file: string, role: string): string[] {
  const text = readFileSync(path.join(REPO, file), 'utf8');
  return [...text.matchAll(/```sql\n([\s\S]*?)```/g)]
    .map((match) => (match[1] ?? '').replace(/^ {3}/gm, '').trim())
    .filter((sql) => new RegExp(`\\b${role}\\b`).test(sql));
}

describe('SQL shown in two places is the same', () => {
  it("the exporter role: README's steps and docs/adapter-and-roles.md", () => {
    const readme = sqlFor('README.md', 'ecm_exporter');
    expect(readme).toHaveLength(2);
    expect(sqlFor('docs/adapter-and-roles.md', 'ecm_exporter')).toEqual(readme);
  });

  it('the issue-log role: docs/adapter-and-roles.md and docs/evidence.md', () => {
    const roles = sqlFor('docs/adapter-and-roles.md', 'ecm_issue_log');
    expect(roles).toHaveLength(1);
    expect(sqlFor('docs/evidence.md', 'ecm_issue_log')).toEqual(roles);
  });
});

describe('docs/architecture.md "Where do I change X"', () => {
  const text = readFileSync(path.join(DOCS, 'architecture.md'), 'utf8');
  const start = text.indexOf('\n## Where do I change X\n');
  const table = text.slice(start).split(/\n## /)[1] ?? '';
  const paths = [...table.matchAll(/`([^`\s]+)`/g)].map((match) => match[1] ?? '').filter((token) => token.includes('/'));

  it('has the table (the check can fail)', () => {
    expect(start).toBeGreaterThan(0);
    expect(paths.length).toBeGreaterThanOrEqual(30);
  });

  it('every path in it exists', () => {
    expect(paths.filter((file) => !existsSync(path.join(REPO, file)))).toEqual([]);
  });
});
