import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { LOGS } from '/work/main/exporter/src/governance/import/logs.ts';
const t0 = Date.now();
let n = 0;
const parser = createReadStream(process.argv[2]!).pipe(parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true, trim: true }));
const now = new Date();
for await (const { record } of parser as AsyncIterable<{ record: string[] }>) {
  n++;
  if (n === 1) continue;
  if (process.argv[3]) LOGS.audits.columns.forEach((c, i) => c.parse(record[i] ?? '', { now }));
}
console.log(n, Date.now() - t0, 'ms', process.memoryUsage().heapUsed / 1e6);
