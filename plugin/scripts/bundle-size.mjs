// Prints the gzipped size of dist/module.js after a build (target < 150 KB), and fails the
// build if React or a @grafana package was bundled instead of left to Grafana.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const TARGET_KB = 150;
const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'module.js');
const code = readFileSync(file);
const gzipKb = gzipSync(code, { level: 9 }).length / 1024;
console.log(
  `dist/module.js: ${(code.length / 1024).toFixed(1)} KB, gzipped ${gzipKb.toFixed(1)} KB (target < ${TARGET_KB} KB)`
);

// The AMD header lists the externals Grafana provides at runtime.
const header = code.toString('utf8', 0, 2000);
const missing = ['react', '@grafana/data', '@grafana/ui', '@grafana/runtime'].filter(
  (name) => !header.includes(`"${name}"`)
);
if (missing.length > 0) {
  console.error(`dist/module.js does not load ${missing.join(', ')} from Grafana: they were bundled or are unused`);
  process.exit(1);
}
if (gzipKb >= TARGET_KB) {
  console.error(`dist/module.js is ${gzipKb.toFixed(1)} KB gzipped, over the ${TARGET_KB} KB target`);
  process.exit(1);
}
