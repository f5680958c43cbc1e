import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Text gathered before one write: large enough for few system calls, small beside any heap. */
const CHUNK_CHARS = 1 << 20;

/**
 * Writes `{ ...head, [listKey]: items }` as JSON beside its place, one item per line, in chunks, then
 * renames it there (a reader never sees half a report, a failed write leaves the old file). The whole
 * document is never one string: a sweep of 70,000 runs already passed V8's longest string (~512 MB),
 * so `JSON.stringify` of the report failed after every run had finished, and again on every resume.
 * Keys whose value is undefined are left out and an undefined item is written as null, as
 * `JSON.stringify` does.
 */
export function writeJsonAtomically(path: string, head: Readonly<Record<string, unknown>>, listKey: string, items: Iterable<unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    let pending: string[] = [];
    let pendingChars = 0;
    const put = (text: string) => {
      pending.push(text);
      pendingChars += text.length;
      if (pendingChars >= CHUNK_CHARS) flush();
    };
    const flush = () => {
      if (pending.length > 0) writeSync(fd, pending.join(''));
      pending = [];
      pendingChars = 0;
    };
    put('{\n');
    for (const [key, value] of Object.entries(head)) {
      const text = JSON.stringify(value, null, 2);
      if (text !== undefined && key !== listKey) put(`  ${JSON.stringify(key)}: ${text.replaceAll('\n', '\n  ')},\n`);
    }
    put(`  ${JSON.stringify(listKey)}: [`);
    let first = true;
    for (const item of items) {
      put(`${first ? '\n' : ',\n'}    ${JSON.stringify(item) ?? 'null'}`);
      first = false;
    }
    put(first ? ']\n}\n' : '\n  ]\n}\n');
    flush();
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temporary, path);
  } catch (error) {
    // A path that names a directory, say: the report is not there, and neither is half of it beside it.
    rmSync(temporary, { force: true });
    throw error;
  }
}
