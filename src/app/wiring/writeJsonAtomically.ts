import { writeSync } from 'node:fs';
import { replaceFileAtomically } from './writeAtomically.ts';

/** Text gathered before one write: large enough for few system calls, small beside any heap. */
const CHUNK_CHARS = 1 << 20;

/**
 * Writes `{ ...head, [listKey]: items }` as JSON beside its place, one item per line, in chunks, then
 * renames it there (`replaceFileAtomically`). The whole document is never one string: a sweep of
 * 70,000 runs already passed V8's longest string (~512 MB), so `JSON.stringify` of the report failed
 * after every run had finished, and again on every resume. Keys whose value is undefined are left out
 * and an undefined item is written as null, as `JSON.stringify` does.
 */
export function writeJsonAtomically(path: string, head: Readonly<Record<string, unknown>>, listKey: string, items: Iterable<unknown>): void {
  replaceFileAtomically(path, (fd) => {
    let pending: string[] = [];
    let pendingChars = 0;
    const flush = () => {
      if (pending.length > 0) writeSync(fd, pending.join(''));
      pending = [];
      pendingChars = 0;
    };
    const put = (text: string) => {
      pending.push(text);
      pendingChars += text.length;
      if (pendingChars >= CHUNK_CHARS) flush();
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
  });
}
