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
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
