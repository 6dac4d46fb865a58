/** One-line error reporting for the CLI: a clear message and a non-zero exit, never a stack trace. */
import { forTerminal } from './terminal.js';

/** The exit code of every usage error: a bad option, a missing argument, an unknown command. */
export const USAGE_EXIT = 2;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function reportFatal(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`gongbao: ${forTerminal(message.split('\n')[0]!)}\n`);
  if (process.env.GONGBAO_DEBUG && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  process.exit(err instanceof UsageError ? USAGE_EXIT : 1);
}
