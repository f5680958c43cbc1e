import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Writes a file beside its place with `write`, then renames it there: a reader never sees half a file,
 * and a failure (in `write`, or a path that names a directory) leaves the old file and no temporary one.
 */
export function replaceFileAtomically(path: string, write: (fd: number) => void): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    try {
      write(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Writes the whole file beside its place, then renames it there: a reader never sees half a report. */
export function writeAtomically(path: string, text: string): void {
  replaceFileAtomically(path, (fd) => writeFileSync(fd, text));
}

/** A config or sleeve name made safe as part of a file name. */
export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_');
}
