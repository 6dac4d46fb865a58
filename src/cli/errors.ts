/** One-line error reporting for the CLI: a clear message and a non-zero exit, never a stack trace. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function reportFatal(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`gongbao: ${message.split('\n')[0]}\n`);
  if (process.env.GONGBAO_DEBUG && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
  process.exit(err instanceof UsageError ? 2 : 1);
}
