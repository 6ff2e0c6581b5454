/**
 * The shape of the YAML config file (first validation pass). Every section and
 * key is optional, because documented defaults fill what is absent; unknown keys
 * are rejected everywhere so a typo fails instead of silently doing nothing.
 * Keys are camelCase like the settings they become.
 */
import { z } from 'zod';
import type { AlertSeverity, GovernancePhase, IndicatorSettings } from '../indicators/settings.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const ratio = z.number().min(0, 'must be a ratio between 0 and 1').max(1, 'must be a ratio between 0 and 1');
const minutes = z.number().min(0, 'must be >= 0');
const wholeAtLeastOne = z.number().int('must be a whole number').min(1, 'must be >= 1');

export const port = z.number().int('must be a whole number').min(0, 'must be 0..65535').max(65535, 'must be 0..65535');
export const listenAddress = z.string().regex(/^[A-Za-z0-9.:_-]+$/, 'must be an IP address or host name');
/** Parsed as node-postgres parses it (WHATWG URL): a URL it cannot read is a configuration error at start, not a refresh failure. */
function parsesAsUrl(text: string): boolean {
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}
export const databaseUrl = z.string().superRefine((text, context) => {
  if (!/^postgres(ql)?:\/\/.+/.test(text)) context.addIssue({ code: 'custom', message: 'must be a postgres:// or postgresql:// URL' });
  else if (!parsesAsUrl(text))
    context.addIssue({ code: 'custom', message: 'is not a valid URL (percent-encode characters such as # / ? @ in the user name or password)' });
});
export const poolSize = z.number().int('must be a whole number').min(1, 'must be 1..100').max(100, 'must be 1..100');
export const intervalSeconds = z.number().min(1, 'must be >= 1 second').max(86_400, 'must be <= 86400 seconds');
export const deadlineSeconds = z.number().min(1, 'must be >= 1 second').max(86_400, 'must be <= 86400 seconds');
export const statementTimeoutMs = z.number().int('must be whole milliseconds').min(100, 'must be >= 100 ms').max(600_000, 'must be <= 600000 ms');
export const logLevel = z.enum(LOG_LEVELS);
/** An exporter-toolkit web config file (TLS, basic auth); checked by src/web when the exporter starts. */
export const webConfigFilePath = z.string().min(1, 'must not be empty');

const phaseThresholds = z.strictObject({ target: ratio, critical: ratio }).partial();
const indicatorThresholds = z.strictObject({ weekly: phaseThresholds, monthly: phaseThresholds }).partial();

/** User values for the indicator domain's IndicatorSettings, merged over DEFAULT_INDICATOR_SETTINGS. */
export const indicatorSettingsInput = z
  .strictObject({
    taskTolerance: z.strictObject({ defaultMinutes: minutes, byCategory: z.record(z.string().min(1), minutes) }).partial(),
    alertAckTargetSeconds: z.strictObject({ low: minutes, medium: minutes, high: minutes, critical: minutes }).partial(),
    noteLateMinutes: minutes,
    minCohort: wholeAtLeastOne,
    thresholds: z.record(z.string().min(1), indicatorThresholds),
    weeksOnTargetForMonthly: wholeAtLeastOne,
    minWeeksSinceGoLiveForMonthly: wholeAtLeastOne,
    phasePins: z.record(z.string().min(1, 'location id must not be empty'), z.enum(['weekly', 'monthly'])),
    coreIndicators: z.array(z.string().min(1)).min(1, 'must name at least one indicator'),
    shiftWithoutActivityMinutes: minutes,
    liveLookbackHours: minutes,
  })
  .partial();
// Compile-time guards: the literal lists above must stay equal to the domain's unions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const severitiesMatch: Same<keyof NonNullable<IndicatorSettingsInput['alertAckTargetSeconds']>, AlertSeverity> = true;
const phasesMatch: Same<NonNullable<IndicatorSettingsInput['phasePins']>[string], GovernancePhase> = true;
// Every domain setting must be settable from the file (and nothing else): a new
// field in IndicatorSettings fails the typecheck here until the schema has it.
const settingsCovered: Same<keyof IndicatorSettingsInput, keyof IndicatorSettings> = true;
void settingsCovered;
void severitiesMatch;
void phasesMatch;

export type IndicatorSettingsInput = z.infer<typeof indicatorSettingsInput>;

export const configFile = z
  .strictObject({
    server: z.strictObject({ listenAddress, port, webConfigFile: webConfigFilePath }).partial(),
    database: z.strictObject({ url: databaseUrl, governanceUrl: databaseUrl, poolSize }).partial(),
    refresh: z.strictObject({ intervalSeconds, statementTimeoutMs, deadlineSeconds }).partial(),
    logLevel,
    indicators: indicatorSettingsInput,
  })
  .partial();
export type ConfigFile = z.infer<typeof configFile>;
