import { readFileSync, statSync } from 'node:fs';
import { UsageError } from './errors.js';

/** Read an input file, turning file-system errors into one-line messages. */
export function readInputFile(path: string): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UsageError(`${path} is a directory, not a file`);
    size = st.size;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? 'error'})`);
  }
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`${path}: cannot read ${size} bytes (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
