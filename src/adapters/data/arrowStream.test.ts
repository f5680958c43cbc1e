import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableFromIPC } from 'apache-arrow';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARROW_STREAM_END, NotAnArrowStream, decodeArrowStream, decodeArrowStreamFile, encodeArrowStreamRows, encodeArrowStreamStart, type ArrowColumn } from './arrowStream.ts';

const columns: ArrowColumn[] = [
  { name: 'id', kind: 'int32' },
  { name: 'name', kind: 'utf8' },
  { name: 'score', kind: 'float64', nullable: true },
  { name: 'curve', kind: 'float64List' },
];
const metadata = { kind: 'test' };
const rows = [
  { id: 1, name: 'a', score: null, curve: [1.5, -0] },
  { id: 2, name: 'ü', score: 0.1 + 0.2, curve: [] },
  { id: 3, name: '', score: -1e300, curve: [Number.MAX_VALUE] },
];

test('a stream started once and grown by appended record batches decodes to the rows written, and apache-arrow reads it whole', () => {
  const bytes = Buffer.concat([encodeArrowStreamStart(columns, metadata), encodeArrowStreamRows(columns, metadata, rows.slice(0, 1)), encodeArrowStreamRows(columns, metadata, rows.slice(1)), ARROW_STREAM_END]);
  const decoded = decodeArrowStream(bytes)!;
  assert.deepEqual([...decoded.rows], rows);
  assert.deepEqual([...decoded.rows], rows, 'a second pass gives the rows again');
  assert.equal(decoded.numRows, rows.length);
  assert.equal(decoded.metadata.get('kind'), 'test');
  assert.deepEqual(decoded.columns, columns.map(({ name, kind, nullable }) => ({ name, kind, nullable: nullable === true })));
  assert.equal(decoded.completeLength, bytes.length - ARROW_STREAM_END.length, 'the end marker is not part of the complete messages');
  assert.equal(tableFromIPC(bytes).numRows, 3);
});

test('a stream cut at any byte decodes to the rows of its complete record batches', () => {
  const start = encodeArrowStreamStart(columns, metadata);
  const batches = rows.map((row) => encodeArrowStreamRows(columns, metadata, [row]));
  const bytes = Buffer.concat([start, ...batches]);
  const ends = batches.map((_, index) => start.length + batches.slice(0, index + 1).reduce((sum, batch) => sum + batch.length, 0));
  for (let cut = 0; cut <= bytes.length; cut++) {
    const decoded = decodeArrowStream(bytes.subarray(0, cut));
    if (cut < start.length) {
      assert.equal(decoded, undefined, `cut at ${cut}: no schema yet`);
      continue;
    }
    const complete = ends.filter((end) => end <= cut).length;
    assert.deepEqual(decoded === undefined ? undefined : [...decoded.rows], rows.slice(0, complete), `cut at ${cut}`);
    assert.equal(decoded?.completeLength, complete === 0 ? start.length : ends[complete - 1], `cut at ${cut}`);
  }
});

test('bytes that are not an Arrow IPC stream are refused as such', () => {
  for (const text of ['{"kind":"x"}\n', 'ARROW1\0\0', 'ab']) assert.throws(() => decodeArrowStream(Buffer.from(text)), NotAnArrowStream, text);
  assert.throws(() => decodeArrowStream(ARROW_STREAM_END), NotAnArrowStream, 'an empty stream has no schema');
  assert.throws(() => decodeArrowStream(encodeArrowStreamRows(columns, metadata, rows)), /starts with a RecordBatch message, not a schema/);
});

test('a stream file read a piece at a time, its record batches decoded a few at once, gives what the whole bytes give, cut or not', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-arrow-'));
  try {
    const start = encodeArrowStreamStart(columns, metadata);
    // 30 batches of one to three rows: groups of one batch, of a few, and all of them.
    const written = Array.from({ length: 60 }, (_, index) => ({ ...rows[index % rows.length], id: index }));
    const batches: Uint8Array[] = [];
    for (let at = 0; at < written.length; at += 1 + (at % 3)) batches.push(encodeArrowStreamRows(columns, metadata, written.slice(at, at + 1 + (at % 3))));
    const whole = Buffer.concat([start, ...batches, ARROW_STREAM_END]);
    const path = join(dir, 'rows.arrows');
    for (const cut of [whole.length, whole.length - ARROW_STREAM_END.length - 5, start.length + batches[0].length + 3, start.length]) {
      writeFileSync(path, whole.subarray(0, cut));
      const expected = decodeArrowStream(whole.subarray(0, cut))!;
      for (const groupBytes of [1, 4 * batches[1].length, 1e9]) {
        const decoded = decodeArrowStreamFile(path, groupBytes)!;
        assert.deepEqual([...decoded.rows], [...expected.rows], `cut at ${cut}, groups of ${groupBytes} bytes`);
        assert.equal(decoded.numRows, expected.numRows);
        assert.equal(decoded.completeLength, expected.completeLength);
        assert.deepEqual(decoded.columns, expected.columns);
      }
    }
    assert.equal(decodeArrowStream(whole)!.numRows, written.length);
    writeFileSync(path, '{"kind":"x"}\n');
    assert.throws(() => decodeArrowStreamFile(path), NotAnArrowStream);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
