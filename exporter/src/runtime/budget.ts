/**
 * Every time limit of a refresh, derived from the validated config in one place,
 * from the innermost out, so each one fires after the one it backs up:
 *
 *   statement timeout   the server cancels a slow statement (refresh.statementTimeoutMs)
 *   query deadline      client side, a little later: a frozen server cannot enforce its own
 *   connect deadline    opening a connection (or waiting for a free one)
 *   lane deadline       a whole run of one lane; then its connections are destroyed
 */
import type { LaneName } from './pipeline.ts';

export interface RefreshTimeConfig {
  intervalSeconds: number;
  statementTimeoutMs: number;
  /** refresh.deadlineSeconds: the history lane's deadline. */
  deadlineSeconds: number;
}

export interface RefreshBudget {
  queryTimeoutMs: number;
  connectTimeoutMs: number;
  deadlinesMs: Record<LaneName, number>;
}

export function refreshBudget({ intervalSeconds, statementTimeoutMs, deadlineSeconds }: RefreshTimeConfig): RefreshBudget {
  // 20 % above the statement timeout, at least 0.5 s and at most 2 s: room for the
  // server's cancellation to arrive, and no more.
  const queryTimeoutMs = statementTimeoutMs + Math.min(2000, Math.max(500, Math.round(statementTimeoutMs / 5)));
  // A server that has not completed the handshake within the statement timeout (1 to 10 s) is not answering.
  const connectTimeoutMs = Math.min(10_000, Math.max(1000, statementTimeoutMs));
  const history = deadlineSeconds * 1000;
  // The safety lane's four small queries get twice one statement timeout, and never
  // more than one interval: its next run must start on time.
  const safety = Math.min(history, intervalSeconds * 1000, Math.max(1000, 2 * statementTimeoutMs));
  return { queryTimeoutMs, connectTimeoutMs, deadlinesMs: { safety, history } };
}
