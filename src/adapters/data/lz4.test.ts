import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeLz4Block, decodeLz4Frame, Lz4Error } from './lz4.ts';
import { xxhash32 } from './xxhash32.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/data/${name}`, import.meta.url));

/** The text the fixtures were compressed from with the reference `lz4` 1.9.4 command-line tool. */
function fixtureSource(): string {
  let text = '';
  for (let i = 0; i < 12_000; i++) text += `bar,${i % 37},${Math.floor(i / 500)}\n`;
  return text;
}

describe('xxhash32', () => {
  test('matches the published test vectors', () => {
    assert.equal(xxhash32(new Uint8Array(0), 0), 0x02cc5d05, 'empty input, seed 0');
    assert.equal(xxhash32(new TextEncoder().encode('abc'), 0), 0x32d153ff, '"abc", seed 0');
  });
});

describe('decodeLz4Frame', () => {
  test('decodes a frame of linked 64 KB blocks with block checksums and content size', () => {
    const decoded = new TextDecoder().decode(decodeLz4Frame(readFileSync(fixture('linked-blocks.txt.lz4'))));
    assert.equal(decoded, fixtureSource(), 'linked blocks reach back into the previous block');
  });

  test('decodes a frame of independent blocks without a content checksum', () => {
    const decoded = new TextDecoder().decode(decodeLz4Frame(readFileSync(fixture('independent-blocks.txt.lz4'))));
    assert.equal(decoded, fixtureSource());
  });

  test('rejects a frame whose data was corrupted', () => {
    const bytes = new Uint8Array(readFileSync(fixture('linked-blocks.txt.lz4')));
    bytes[bytes.length - 100] ^= 0x55;
    assert.throws(() => decodeLz4Frame(bytes), Lz4Error, 'block checksum catches the flipped byte');
  });

  test('rejects input that is not an LZ4 frame', () => {
    assert.throws(() => decodeLz4Frame(new TextEncoder().encode('not lz4 at all')), /no LZ4 frame magic/);
  });
});

describe('decodeLz4Block', () => {
  test('expands an overlapping match into a run', () => {
    // token 0x1f: 1 literal 'a', match length 15+4+extra(1)=20 at offset 1, then final literal 'b'.
    const block = new Uint8Array([0x1f, 0x61, 0x01, 0x00, 0x01, 0x10, 0x62]);
    assert.equal(new TextDecoder().decode(decodeLz4Block(block)), 'a'.repeat(21) + 'b');
  });

  test('rejects a match offset that points before the output', () => {
    assert.throws(() => decodeLz4Block(new Uint8Array([0x10, 0x61, 0x05, 0x00, 0x00])), /points before/);
  });
});
