/**
 * Running the command-line tools the PDF stage relies on (poppler's pdftoppm/pdfinfo, tesseract):
 * spawned without a shell, stdout captured as bytes, stdin optionally fed, a time limit, and errors
 * that say which tool failed and why in one line.
 */
import { spawn } from 'node:child_process';

export interface RunOptions {
  /** Bytes written to the tool's standard input. */
  input?: Buffer;
  /** Kill the tool after this many milliseconds. */
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  /** What to install when the tool is missing, for the error message. */
  install: string;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
}

/** A tool that is not installed (spawn failed with ENOENT). */
export class ToolMissingError extends Error {
  constructor(
    readonly tool: string,
    install: string,
  ) {
    super(`${tool} not found: install it with \`apt-get install ${install}\``);
    this.name = 'ToolMissingError';
  }
}

/** Run `tool args…`; resolves with its output when it exits 0, rejects with a one-line error otherwise. */
export function runTool(tool: string, args: string[], opts: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // spawn looks the tool up in the PATH of the env it is given.
    const child = spawn(tool, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(e.code === 'ENOENT' ? new ToolMissingError(tool, opts.install) : new Error(`${tool}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      if (timedOut) reject(new Error(`${tool} took longer than ${opts.timeoutMs / 1000} s and was stopped`));
      else if (code !== 0) {
        const why = stderr.trim().split('\n').filter(Boolean).pop() ?? (signal ? `killed by ${signal}` : `exit code ${code}`);
        reject(new Error(`${tool} failed: ${why}`));
      } else resolve({ stdout: Buffer.concat(out), stderr });
    });
    // A tool that exits before reading all its input closes the pipe: that is reported by its exit code.
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input);
  });
}
