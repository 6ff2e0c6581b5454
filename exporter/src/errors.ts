/**
 * An error caused by the user's input (flags, config, files, an unreachable
 * database). The CLI prints its message as one line and exits non-zero, without
 * a stack trace: the message must say what is wrong and where.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** Turns a driver's connection failure into one clear line naming the target. */
export function describeConnectionError(error: unknown, target: string): UserError {
  const detail = error instanceof Error ? error.message : String(error);
  return new UserError(`cannot connect to the database at ${redactUrl(target)}: ${detail || 'connection refused'}`);
}

/** Hides a password in a connection URL before it is printed or logged. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable database URL)';
  }
}
