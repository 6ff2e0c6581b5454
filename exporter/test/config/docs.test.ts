/**
 * docs/configuration.md and exporter/config.example.yaml document every setting there is: every
 * key of the config schema, every environment variable, every command and flag of the CLI. A key,
 * variable or flag added without its documentation fails here, and so does a documented one that
 * no longer exists.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COMMANDS } from '../../src/commands/index.ts';
import { ENV_ALIASES, ENV_OVERRIDES } from '../../src/config/index.ts';
import { configFile } from '../../src/config/schema.ts';

const at = (relative: string): string => fileURLToPath(new URL(`../../../${relative}`, import.meta.url));
const CONFIGURATION_MD = readFileSync(at('docs/configuration.md'), 'utf8');

/** Dotted paths of the schema's leaves: nested objects are walked, records and lists are leaves. */
function leafPaths(schema: z.ZodType, prefix: string[] = []): string[][] {
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  if (!(inner instanceof z.ZodObject)) return [prefix];
  return Object.entries(inner.shape as Record<string, z.ZodType>).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

/** The text of a `## heading` section, up to the next heading of the same or a higher level. */
function section(text: string, heading: string): string {
  const level = /^#+/.exec(heading)?.[0] ?? '##';
  const start = text.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`docs/configuration.md has no "${heading}" section`);
  const body = text.slice(start + heading.length + 2);
  const end = body.search(new RegExp(`\\n#{1,${level.length}} `));
  return end < 0 ? body : body.slice(0, end);
}

/** First cells of the table rows of a section, without backticks. */
function firstCells(body: string): string[] {
  return body
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => (line.split(' | ')[0] ?? '').slice(2).replace(/`/g, ''));
}

/** The file keys the table documents: `a.b` or a pattern `a.b.<x>.<y>` for a record's entries. */
const documentedKeys = firstCells(section(CONFIGURATION_MD, '## Every key'));
const isDocumented = (leaf: string): boolean => documentedKeys.some((key) => key === leaf || key.startsWith(`${leaf}.<`));

const SCHEMA_LEAVES = leafPaths(configFile).map((path) => path.join('.'));

describe('docs/configuration.md documents every config key', () => {
  it('walks the schema to its leaves (the list can fail)', () => {
    // server 3 + database 3 + refresh 3 + logLevel + indicators 11, of which alertAckTargetSeconds
    // has 4 leaves and taskTolerance 2: 3 + 3 + 3 + 1 + (11 - 2 + 4 + 2) = 25.
    expect(SCHEMA_LEAVES).toHaveLength(25);
    expect(SCHEMA_LEAVES).toContain('indicators.alertAckTargetSeconds.critical');
  });

  it('has a row for every key of the schema', () => {
    expect(SCHEMA_LEAVES.filter((leaf) => !isDocumented(leaf))).toEqual([]);
  });

  it('documents no key the schema does not have', () => {
    const stale = documentedKeys.filter((key) => !SCHEMA_LEAVES.some((leaf) => key === leaf || key.startsWith(`${leaf}.<`)));
    expect(stale).toEqual([]);
  });

  it('names every environment variable the exporter and its tools read, and every one of .env.example', () => {
    const envExample = readFileSync(at('.env.example'), 'utf8');
    const inExample = [...envExample.matchAll(/^([A-Z_]+)=/gm)].map((match) => match[1] ?? '');
    const names = [...ENV_OVERRIDES.map((override) => override.name), ...Object.keys(ENV_ALIASES), ...inExample, 'TEST_DATABASE_URL'];
    expect(names.filter((name) => !CONFIGURATION_MD.includes(`\`${name}\``))).toEqual([]);
    // Each override is on the row of the key it overrides.
    for (const override of ENV_OVERRIDES) {
      const row = CONFIGURATION_MD.split('\n').find((line) => line.startsWith(`| \`${override.path.join('.')}\` |`));
      expect(row, override.name).toContain(`\`${override.name}\``);
    }
  });
});

describe('exporter/config.example.yaml shows every config key', () => {
  // Optional keys without a default (database URLs, the web config file) are shown commented out:
  // read them as if they were set.
  const text = readFileSync(at('exporter/config.example.yaml'), 'utf8').replace(/^(\s*)# ([a-z][A-Za-z]*: \S+)$/gm, '$1$2');
  const example: unknown = parse(text);

  const has = (value: unknown, path: string[]): boolean => {
    const [key, ...rest] = path;
    if (key === undefined) return true;
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return false;
    return has((value as Record<string, unknown>)[key], rest);
  };

  it('has every leaf of the schema, set or commented out', () => {
    const missing = leafPaths(configFile).filter((path) => !has(example, path));
    expect(missing.map((path) => path.join('.'))).toEqual([]);
  });

  it('is a complete config file once uncommented (the schema accepts it)', () => {
    expect(configFile.safeParse(example).success).toBe(true);
  });
});

describe('docs/configuration.md documents every command and flag', () => {
  const program = new Command('ecm-adoption-exporter');
  for (const register of COMMANDS) register(program);

  it('registers the commands (the list can fail)', () => {
    expect(program.commands.map((command) => command.name())).toContain('issue-log-receiver');
    expect(program.commands.length).toBe(COMMANDS.length);
  });

  it.each(program.commands.map((command) => [command.name(), command] as const))('### %s lists exactly its flags', (name, command) => {
    const body = section(CONFIGURATION_MD, `### ${name}`);
    const flags = command.options.map((option) => option.long ?? '').sort();
    const documented = [...new Set([...body.matchAll(/^\| `(--[a-z.-]+)/gm)].map((match) => match[1] ?? ''))].sort();
    expect(documented).toEqual(flags);
  });
});
