import { InputError } from '../../domain/errors/inputError.ts';

export type KeyPath = ReadonlyArray<string | number>;

/** `sleeves[0].params.lookback` → ['sleeves', 0, 'params', 'lookback']; undefined when malformed. */
export function parseKeyPath(text: string): KeyPath | undefined {
  if (!/^[A-Za-z_][A-Za-z0-9_]*(\[\d+\]|\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(text)) return undefined;
  const parts: Array<string | number> = [];
  for (const match of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g)) {
    parts.push(match[1] !== undefined ? match[1] : Number(match[2]));
  }
  return parts;
}

/**
 * A copy of `raw` with `value` set at `path`; objects on the way are created, arrays must already hold
 * the index (a grid cannot invent a sleeve). `source` names the grid key in the refusal.
 */
export function setAtKeyPath(raw: unknown, path: KeyPath, value: unknown, source: { file: string; keyPath: string }): unknown {
  const [head, ...rest] = path;
  const leaf = rest.length === 0;
  if (typeof head === 'number') {
    if (!Array.isArray(raw) || head >= raw.length) {
      throw new InputError(`${source.file}: ${source.keyPath}: the config has no element [${head}] there`, { file: source.file, keyPath: source.keyPath, value });
    }
    const copy = [...raw];
    copy[head] = leaf ? value : setAtKeyPath(copy[head], rest, value, source);
    return copy;
  }
  if (raw !== undefined && (raw === null || typeof raw !== 'object' || Array.isArray(raw))) {
    throw new InputError(`${source.file}: ${source.keyPath}: "${head}" is set inside a value that is not a mapping in the config`, { file: source.file, keyPath: source.keyPath, value });
  }
  const copy: Record<string, unknown> = { ...((raw as Record<string, unknown> | undefined) ?? {}) };
  copy[head] = leaf ? value : setAtKeyPath(copy[head], rest, value, source);
  return copy;
}
