import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// `npm run test:stack` only (not part of `npm test`): real PostgreSQL, exporter, Prometheus,
// Alertmanager; minutes, not seconds.
export default defineConfig({
  test: {
    name: 'stack-rqtmp',
    root: fileURLToPath(new URL('../../', import.meta.url)),
    include: ['tests/stack-rqtmp/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
