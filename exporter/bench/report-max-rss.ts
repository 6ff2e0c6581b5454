/**
 * Preloaded by bench/import-memory.ts into the CLI it measures: prints the
 * process's peak resident set size (getrusage maxrss, KiB) to stderr at exit.
 */
process.on('exit', () => {
  process.stderr.write(`max-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
