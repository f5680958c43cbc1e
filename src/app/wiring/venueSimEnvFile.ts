import { closeSync, fchmodSync, lstatSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { InputError } from '../../domain/errors/inputError.ts';

/** First line of every env file venue-sim writes: how it recognises a file it may replace. */
export const VENUE_SIM_ENV_FILE_MARKER = '# written by rampart venue-sim';

/** Where `rampart venue-sim` writes its variables unless told: the current directory. */
export const DEFAULT_VENUE_SIM_ENV_FILE = 'venue-sim.env';

/**
 * Writes `variables` as a shell env file (`NAME='value'` lines, loadable with `set -a; . FILE; set +a`),
 * readable by its owner only (mode 0600, set before a byte of the secret is written). A file that is
 * there and was not written by venue-sim (no marker line) is refused unless `overwrite`; a symlink or
 * a directory is always refused. Returns the text written (see removeVenueSimEnvFile).
 */
export function writeVenueSimEnvFile(path: string, header: readonly string[], variables: Readonly<Record<string, string>>, overwrite: boolean): string {
  const existing = statOrUndefined(path);
  if (existing !== undefined) {
    if (!existing.isFile()) throw new InputError(`--vars-file ${path} exists and is not a regular file (a symlink or a directory): choose another path`, { keyPath: '--vars-file', value: path });
    if (!overwrite && !readFileSync(path, 'utf8').startsWith(VENUE_SIM_ENV_FILE_MARKER)) {
      throw new InputError(`--vars-file ${path} exists and was not written by rampart venue-sim: pass --overwrite-vars-file to replace it, or choose another path`, { keyPath: '--vars-file', value: path });
    }
  }
  const lines = [VENUE_SIM_ENV_FILE_MARKER, ...header.map((line) => `# ${line}`)];
  for (const [name, value] of Object.entries(variables)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(name)) throw new RangeError(`env variable names are upper-case words, was "${name}"`);
    if (/['\n\r]/.test(value)) throw new InputError(`the value of ${name} may not hold a quote or a line break`, { keyPath: name });
    lines.push(`${name}='${value}'`);
  }
  const text = `${lines.join('\n')}\n`;
  // A fresh file, created 0600, renamed over the old one: the secret is never readable by others,
  // not even for the moment an existing file's mode would take to change.
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    fchmodSync(fd, 0o600);
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  return text;
}

/** Reads `NAME=value` / `NAME='value'` lines of an env file (comments and blank lines skipped). */
export function readVenueSimEnvFile(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(?:'([^']*)'|(\S*))\s*$/.exec(line.trim());
    if (match !== null) out[match[1] as string] = match[2] ?? match[3] ?? '';
  }
  return out;
}

/** Removes the env file if it still holds what this venue wrote (an operator's edits or another venue's file stay). */
export function removeVenueSimEnvFile(path: string, written: string): void {
  try {
    if (readFileSync(path, 'utf8') === written) rmSync(path);
  } catch {
    // Already gone: nothing to remove.
  }
}

function statOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
