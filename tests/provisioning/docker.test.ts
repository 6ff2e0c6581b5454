/**
 * The exporter image's base: a supported Node (22 LTS or later, Node 20 is end of
 * life), pinned by tag and digest so a rebuild gets the same bytes, one Node for
 * every stage and for the compose services that run Node, and in step with the
 * repository's .nvmrc and the engines fields of package.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { REPO, isRecord } from './support.ts';

const DOCKERFILE = readFileSync(path.join(REPO, 'exporter/Dockerfile'), 'utf8');
// node:<major.minor.patch>-<debian>-slim@sha256:<64 hex>
const PINNED_NODE = /^node:(\d+)\.(\d+)\.(\d+)-[a-z]+-slim@sha256:[0-9a-f]{64}$/;
const MIN_NODE_MAJOR = 22;

interface From {
  image: string;
  stage: string | undefined;
}

/** FROM lines that name an image (not an earlier stage), with their stage name. */
function baseImages(dockerfile: string): From[] {
  const lines = [...dockerfile.matchAll(/^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$/gim)];
  const stages = new Set(lines.map((line) => line[2]?.toLowerCase()).filter((stage) => stage !== undefined));
  return lines.map((line) => ({ image: line[1] ?? '', stage: line[2] })).filter((from) => !stages.has(from.image.toLowerCase()));
}

function nodeVersion(image: string): [number, number, number] {
  const match = PINNED_NODE.exec(image);
  if (!match) throw new Error(`${image} is not node:<x.y.z>-<debian>-slim@sha256:<digest>`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** `>=N`, `>=N.M` or `>=N.M.P`: the only range forms used here; anything else must be checked by hand. */
function satisfiesAtLeast(range: string, version: readonly number[]): boolean {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!match) throw new Error(`engines.node "${range}": extend this test to read it`);
  const floor = [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
  for (let i = 0; i < 3; i += 1) {
    const [have = 0, need = 0] = [version[i], floor[i]];
    if (have !== need) return have > need;
  }
  return true;
}

function enginesNode(file: string): string {
  const parsed: unknown = JSON.parse(readFileSync(path.join(REPO, file), 'utf8'));
  const engines = isRecord(parsed) ? parsed['engines'] : undefined;
  const node = isRecord(engines) ? engines['node'] : undefined;
  if (typeof node !== 'string') throw new Error(`${file} has no engines.node`);
  return node;
}

describe('exporter/Dockerfile', () => {
  const froms = baseImages(DOCKERFILE);

  it('keeps the multi-stage build: a build stage and a runtime stage', () => {
    expect(froms.map((from) => from.stage)).toEqual(['build', 'runtime']);
    expect(DOCKERFILE).toMatch(/^COPY --from=build /m);
  });

  it(`pins every base image by tag and digest, on Node ${MIN_NODE_MAJOR} or later, the same in every stage`, () => {
    for (const from of froms) {
      const [major] = nodeVersion(from.image);
      expect(major, from.image).toBeGreaterThanOrEqual(MIN_NODE_MAJOR);
    }
    expect(new Set(froms.map((from) => from.image)).size).toBe(1);
  });

  it('runs as the unprivileged node user with a /healthz check', () => {
    const runtime = DOCKERFILE.slice(DOCKERFILE.search(/^FROM .* AS runtime$/m));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK [\s\S]*\/healthz/m);
  });

  it('agrees with .nvmrc, the engines fields and the Node services of docker-compose.yml', () => {
    const image = froms[0]?.image ?? '';
    const version = nodeVersion(image);
    // .nvmrc holds the major version developers use (nvm use): the image's.
    expect(readFileSync(path.join(REPO, '.nvmrc'), 'utf8').trim()).toBe(String(version[0]));
    for (const file of ['package.json', 'exporter/package.json']) {
      expect(satisfiesAtLeast(enginesNode(file), version), `${file} engines.node allows ${version.join('.')}`).toBe(true);
    }
    const compose: unknown = parse(readFileSync(path.join(REPO, 'docker-compose.yml'), 'utf8'));
    const services = isRecord(compose) && isRecord(compose['services']) ? compose['services'] : {};
    const nodeImages = Object.values(services).flatMap((service) =>
      isRecord(service) && typeof service['image'] === 'string' && service['image'].startsWith('node:') ? [service['image']] : [],
    );
    // The notification sink is the one compose service that runs a stock Node image.
    expect(nodeImages).toEqual([image]);
  });
});

describe('the checks of this file', () => {
  it('refuse a tag without a digest, Node 20, and unknown engines ranges', () => {
    expect(() => nodeVersion('node:22.23.3-bookworm-slim')).toThrow(/is not node:/);
    expect(nodeVersion(`node:20.19.5-bookworm-slim@sha256:${'0'.repeat(64)}`)[0]).toBeLessThan(MIN_NODE_MAJOR);
    expect(satisfiesAtLeast('>=20', [22, 23, 3])).toBe(true);
    expect(satisfiesAtLeast('>=22.24', [22, 23, 3])).toBe(false);
    expect(() => satisfiesAtLeast('^22 || ^24', [22, 23, 3])).toThrow(/extend this test/);
    expect(baseImages('FROM node:1.2.3 AS build\nFROM build AS test\n')).toEqual([{ image: 'node:1.2.3', stage: 'build' }]);
  });
});
