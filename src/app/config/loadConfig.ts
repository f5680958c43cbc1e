import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../../domain/errors/inputError.ts';
import { configSchema, type RampartConfig } from './configSchema.ts';

export interface LoadedConfig {
  readonly config: RampartConfig;
  /** Absolute path of the file. */
  readonly path: string;
  /** Folder that relative paths in the config are resolved against. */
  readonly baseDir: string;
  /** SHA-256 of the file's bytes, hex: what `shasum -a 256` prints. */
  readonly sha256: string;
  /** Where a key path sits in the file (` (line 3, column 5)`), '' when it is not written there. */
  readonly locate?: KeyLocator;
  /** The file as parsed, before defaults: what the operator wrote (e.g. whether data.timeframe is set). */
  readonly raw?: unknown;
}

/** Where a key path sits in a YAML file, as ` (line L, column C)`, or '' when the file does not hold it. */
export type KeyLocator = (keyPath: ReadonlyArray<PropertyKey>) => string;

/** SHA-256 of a file's bytes in hex. */
export function hashFile(path: string): string {
  return createHash('sha256').update(readBytes(path)).digest('hex');
}

/** Reads, parses and validates a config file once; every problem is reported with its key path. */
export function loadConfig(path: string): LoadedConfig {
  const absolute = resolve(path);
  const { raw, bytes, locate } = readYamlFile(path);
  const config = validateWithSchema(configSchema, raw, path, 'config', locate);
  return { config, path: absolute, baseDir: dirname(absolute), sha256: createHash('sha256').update(bytes).digest('hex'), locate, raw };
}

/** Reads and parses a YAML file; a syntax error names the file, line and column. */
export function readYamlFile(path: string, what = 'config file'): { raw: unknown; bytes: Buffer; locate: KeyLocator } {
  const bytes = readBytes(resolve(path), what);
  const lineCounter = new LineCounter();
  const document = parseDocument(bytes.toString('utf8'), { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const at = lineCounter.linePos(first.pos[0]);
    throw new InputError(`${path}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML: ${first.message}`, { file: path });
  }
  const locate: KeyLocator = (keyPath) => {
    // The deepest node the file holds on the path: an unknown key's parent, a missing key's mapping.
    for (let depth = keyPath.length; depth >= 0; depth--) {
      const node = depth === 0 ? document.contents : document.getIn(keyPath.slice(0, depth) as unknown[], true);
      const start = (node as { range?: [number, number, number] } | null | undefined)?.range?.[0];
      if (typeof start === 'number') {
        const at = lineCounter.linePos(start);
        return ` (line ${at.line}, column ${at.col})`;
      }
    }
    return '';
  };
  return { raw: document.toJS(), bytes, locate };
}

/** Validates a parsed config object; `source` names it in messages. */
export function validateConfig(raw: unknown, source: string): RampartConfig {
  return validateWithSchema(configSchema, raw, source, 'config');
}

/** Validates a parsed file against a strict schema; every problem is listed with its key path. */
export function validateWithSchema<Schema extends z.ZodType>(schema: Schema, raw: unknown, source: string, what: string, locate?: KeyLocator): z.output<Schema> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `  - ${formatIssue(issue, raw, locate)}`);
  const first = parsed.error.issues[0];
  throw new InputError(`${source}: invalid ${what} (${parsed.error.issues.length} problem${parsed.error.issues.length > 1 ? 's' : ''}):\n${lines.join('\n')}`, {
    file: source,
    keyPath: formatKeyPath(first.path),
    value: valueAt(raw, first.path),
  });
}

function formatIssue(issue: z.core.$ZodIssue, raw: unknown, locate: KeyLocator | undefined): string {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatKeyPath([...issue.path, key])}: unknown key${locate?.([...issue.path, key]) ?? ''}`).join('; ');
  }
  const keyPath = formatKeyPath(issue.path);
  const value = valueAt(raw, issue.path);
  const shown = value === undefined ? 'missing' : `was ${JSON.stringify(value)}`;
  return `${keyPath || '(root)'}: ${issue.message}, ${shown}${locate?.(issue.path) ?? ''}`;
}

/** `sleeves[1].params.lookbacks[0]` from zod's path array. */
export function formatKeyPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

function valueAt(raw: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let node: unknown = raw;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** `what` names the file's role in the refusal ("rules file"), so an operator knows which flag was mistyped. */
function readBytes(path: string, what = 'config file'): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(code ?? error);
    throw new InputError(`cannot read ${what} ${path}: ${reason}`, { file: path }, { cause: error });
  }
}
