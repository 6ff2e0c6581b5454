import { defineConfig } from 'vitest/config';

// One root config: `npm test` runs every workspace's tests. Each project keeps its
// own environment (node for the exporter and provisioning, jsdom for the plugin).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'exporter',
          root: './exporter',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          environment: 'node',
          // A safety net, not a speed check (benchmarks measure speed): PGlite runs in WebAssembly
          // on the test's own thread, and a busy 2-core CI box can make one test take minutes.
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Grafana packages ship ESM that imports CSS and untranspiled deps: inline them.
        test: {
          name: 'plugin',
          root: './plugin',
          include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
          environment: 'jsdom',
          setupFiles: ['./src/test/setup.ts'],
          server: { deps: { inline: [/@grafana\//] } },
          testTimeout: 30_000,
        },
      },
      {
        // Runs promtool, amtool and docker-compose (Debian packages); fails if one is missing.
        test: {
          name: 'provisioning',
          root: '.',
          include: ['tests/provisioning/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
        },
      },
      {
        // The history backfill through promtool into a real Prometheus, read back by the panel's model.
        test: {
          name: 'backfill',
          root: '.',
          include: ['tests/backfill/**/*.test.ts'],
          environment: 'node',
          // The panel's model imports @grafana/data: inlined as in the plugin project, with a stub `window` (see setup.ts).
          setupFiles: ['./tests/backfill/setup.ts'],
          server: { deps: { inline: [/@grafana\//] } },
          testTimeout: 300_000,
          hookTimeout: 900_000,
        },
      },
      {
        // The README's commands run as a person runs them (npm start through npm, in a child process group).
        test: {
          name: 'front-door',
          root: '.',
          include: ['tests/front-door/**/*.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
        },
      },
    ],
  },
});
