import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:stack` only (not part of `npm test`): real PostgreSQL, exporter, Prometheus,
// Alertmanager; minutes, not seconds.
export default defineConfig({
  test: {
    name: 'stack',
    root: fileURLToPath(new URL('../../', import.meta.url)),
    include: ['tests/stack/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    // The fault drills run their scenarios concurrently, each on its own stack: 3 at a time
    // keeps a 2-core machine responsive (and the measured times honest).
    maxConcurrency: 3,
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
