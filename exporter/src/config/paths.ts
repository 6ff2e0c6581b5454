/**
 * The folder the user ran the command from. `npm run exporter -- ...` runs the CLI
 * inside exporter/, but npm keeps the original folder in INIT_CWD, so a relative
 * `--config exporter/config.yaml` typed at the repo root still means what it says.
 */
export function invocationDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.INIT_CWD || process.cwd();
}
