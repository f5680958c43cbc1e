import { existsSync, statSync } from 'node:fs';
import { InputError } from '../../domain/errors/inputError.ts';

/**
 * Refuses an output path that names a directory, before any work: otherwise a sweep or walk-forward
 * ran every run and then failed to write its report (an internal error, exit 3).
 */
export function assertFileOutput(path: string, flag: string): void {
  if (existsSync(path) && statSync(path).isDirectory()) {
    throw new InputError(`${flag} names a directory, not a file: ${path}; name the file to write`, { keyPath: flag, value: path });
  }
}
