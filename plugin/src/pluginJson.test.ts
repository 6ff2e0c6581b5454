import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

// The Grafana plugin validator downloads a binary and Grafana is not installed here, so this test
// checks plugin.json against the validator's metadata rules instead (grafana/plugin-validator
// passes: metadata schema required fields, discoverability, logos, screenshots, metadatapaths,
// typesuffix/org naming) plus what this project requires (grafanaDependency, %VERSION%).
const srcDir = __dirname;
const pluginJson = JSON.parse(readFileSync(join(srcDir, 'plugin.json'), 'utf8')) as {
  type: string;
  name: string;
  id: string;
  info: {
    description: string;
    keywords: string[];
    author: { name: string; url?: string };
    logos: { small: string; large: string };
    links: Array<{ name: string; url: string }>;
    screenshots: Array<{ name: string; path: string }>;
    version: string;
    updated: string;
  };
  dependencies: { grafanaDependency: string; plugins: unknown[] };
};

describe('plugin.json', () => {
  it('has the fields the schema requires and the contract id', () => {
    for (const key of ['type', 'name', 'id', 'info', 'dependencies']) {
      expect(pluginJson).toHaveProperty(key);
    }
    expect(pluginJson.type).toBe('panel');
    expect(pluginJson.id).toBe('ecm-adoption-panel');
    // Validator naming: <org>-<name>-<type>, lower case.
    expect(pluginJson.id).toMatch(/^[0-9a-z]+-([0-9a-z]+-)?panel$/);
    expect(pluginJson.name.trim()).not.toBe('');
  });

  it('is discoverable: description, keywords, author, links', () => {
    expect(pluginJson.info.description.length).toBeGreaterThan(20);
    expect(pluginJson.info.keywords.length).toBeGreaterThan(0);
    expect(pluginJson.info.author.name.trim()).not.toBe('');
    expect(pluginJson.info.links.length).toBeGreaterThan(0);
    for (const link of pluginJson.info.links) {
      expect(link.name.trim()).not.toBe('');
      expect(link.url).toMatch(/^https:\/\//);
    }
  });

  it('points at logos and screenshots that exist (the browser test writes the screenshots)', () => {
    const paths = [
      pluginJson.info.logos.small,
      pluginJson.info.logos.large,
      ...pluginJson.info.screenshots.map((s) => s.path),
    ];
    expect(pluginJson.info.screenshots.length).toBeGreaterThan(0);
    for (const path of paths) {
      expect(path.trim()).not.toBe('');
      expect(existsSync(join(srcDir, path)), `${path} exists under src/`).toBe(true);
    }
    for (const shot of pluginJson.info.screenshots) {
      expect(shot.name.trim()).not.toBe('');
      const png = readFileSync(join(srcDir, shot.path));
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    }
  });

  it('leaves version and date to the build and requires Grafana 12.3 or later', () => {
    expect(pluginJson.info.version).toBe('%VERSION%');
    expect(pluginJson.info.updated).toBe('%TODAY%');
    expect(pluginJson.dependencies.grafanaDependency).toBe('>=12.3.0');
  });
});
