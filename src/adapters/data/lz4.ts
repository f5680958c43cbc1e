// LZ4 decompression (frame and block formats), enough to read freqtrade's LZ4-compressed `.feather`
// files: apache-arrow JS ships no codec, only a registry to plug one into.
import { xxhash32 } from './xxhash32.ts';

const FRAME_MAGIC = 0x184d2204;
const SKIPPABLE_MAGIC_MASK = 0xfffffff0;
const SKIPPABLE_MAGIC = 0x184d2a50;
const BLOCK_MAX_BYTES: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };

/** Corrupt or unsupported LZ4 input; the message says where in the input it was found. */
export class Lz4Error extends Error {
  override readonly name = 'Lz4Error';
}

/** A byte buffer that grows by doubling; linked LZ4 blocks need the whole history contiguous. */
class Output {
  bytes: Uint8Array;
  length = 0;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(capacity, 64));
  }
  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
}

/**
 * Decodes one LZ4 block (`input[from, to)`) onto the end of `out`. Matches may reach back into
 * earlier output, which is how linked blocks of a frame share history.
 */
function decodeBlockInto(input: Uint8Array, from: number, to: number, out: Output, historyStart: number): void {
  let pos = from;
  while (pos < to) {
    const token = input[pos++];
    let literalLength = token >>> 4;
    if (literalLength === 15) {
      let extra: number;
      do {
        if (pos >= to) throw new Lz4Error(`literal length runs past the block end at byte ${pos}`);
        extra = input[pos++];
        literalLength += extra;
      } while (extra === 255);
    }
    if (pos + literalLength > to) throw new Lz4Error(`literals run past the block end at byte ${pos}`);
    out.reserve(literalLength);
    out.bytes.set(input.subarray(pos, pos + literalLength), out.length);
    out.length += literalLength;
    pos += literalLength;
    // The last sequence of a block has literals only.
    if (pos === to) break;
    if (pos + 2 > to) throw new Lz4Error(`match offset runs past the block end at byte ${pos}`);
    const offset = input[pos] | (input[pos + 1] << 8);
    pos += 2;
    if (offset === 0 || offset > out.length - historyStart) {
      throw new Lz4Error(`match offset ${offset} points before the start of the output at byte ${pos - 2}`);
    }
    let matchLength = (token & 15) + 4;
    if ((token & 15) === 15) {
      let extra: number;
      do {
        if (pos >= to) throw new Lz4Error(`match length runs past the block end at byte ${pos}`);
        extra = input[pos++];
        matchLength += extra;
      } while (extra === 255);
    }
    out.reserve(matchLength);
    const bytes = out.bytes;
    let source = out.length - offset;
    let target = out.length;
    // Byte by byte: an offset shorter than the match repeats the recent bytes (run-length style).
    for (let i = 0; i < matchLength; i++) bytes[target++] = bytes[source++];
    out.length = target;
  }
}

/** Decodes a raw LZ4 block whose decompressed size is at most `maxOutputBytes` (a hint, may be exceeded). */
export function decodeLz4Block(input: Uint8Array, maxOutputBytes = input.length * 4): Uint8Array {
  const out = new Output(maxOutputBytes);
  decodeBlockInto(input, 0, input.length, out, 0);
  return out.bytes.slice(0, out.length);
}

function readUint32(input: Uint8Array, pos: number): number {
  if (pos + 4 > input.length) throw new Lz4Error(`input ends inside a 4-byte field at byte ${pos}`);
  return (input[pos] | (input[pos + 1] << 8) | (input[pos + 2] << 16) | (input[pos + 3] << 24)) >>> 0;
}

/**
 * Decodes LZ4 frame-format data (one or more concatenated frames, skippable frames ignored),
 * verifying header, block and content checksums when the frame carries them.
 */
export function decodeLz4Frame(input: Uint8Array): Uint8Array {
  const out = new Output(input.length * 3);
  let pos = 0;
  while (pos < input.length) {
    const magic = readUint32(input, pos);
    if ((magic & SKIPPABLE_MAGIC_MASK) >>> 0 === SKIPPABLE_MAGIC) {
      pos += 8 + readUint32(input, pos + 4);
      continue;
    }
    if (magic !== FRAME_MAGIC) throw new Lz4Error(`no LZ4 frame magic at byte ${pos}, was 0x${magic.toString(16)}`);
    pos = decodeFrame(input, pos + 4, out);
  }
  return out.bytes.slice(0, out.length);
}

function decodeFrame(input: Uint8Array, start: number, out: Output): number {
  let pos = start;
  if (pos + 3 > input.length) throw new Lz4Error(`frame header truncated at byte ${pos}`);
  const flags = input[pos];
  const blockDescriptor = input[pos + 1];
  if (flags >>> 6 !== 1) throw new Lz4Error(`unsupported LZ4 frame version ${flags >>> 6} at byte ${pos}`);
  const independentBlocks = (flags & 0x20) !== 0;
  const hasBlockChecksum = (flags & 0x10) !== 0;
  const hasContentSize = (flags & 0x08) !== 0;
  const hasContentChecksum = (flags & 0x04) !== 0;
  const hasDictionaryId = (flags & 0x01) !== 0;
  if (hasDictionaryId) throw new Lz4Error(`LZ4 frames with a dictionary are not supported (byte ${pos})`);
  const blockMaxBytes = BLOCK_MAX_BYTES[(blockDescriptor >>> 4) & 7];
  if (blockMaxBytes === undefined) throw new Lz4Error(`invalid LZ4 block size code at byte ${pos + 1}`);
  const headerLength = 2 + (hasContentSize ? 8 : 0);
  if (pos + headerLength + 1 > input.length) throw new Lz4Error(`frame header truncated at byte ${pos}`);
  const headerChecksum = (xxhash32(input.subarray(pos, pos + headerLength), 0) >>> 8) & 0xff;
  if (headerChecksum !== input[pos + headerLength]) throw new Lz4Error(`LZ4 frame header checksum mismatch at byte ${pos}`);
  pos += headerLength + 1;

  const frameStart = out.length;
  for (;;) {
    const word = readUint32(input, pos);
    pos += 4;
    if (word === 0) break;
    const size = word & 0x7fffffff;
    const stored = (word & 0x80000000) !== 0;
    if (size > blockMaxBytes || pos + size > input.length) throw new Lz4Error(`LZ4 block of ${size} bytes at byte ${pos - 4} is invalid`);
    if (hasBlockChecksum) {
      const expected = readUint32(input, pos + size);
      if (xxhash32(input.subarray(pos, pos + size), 0) !== expected) throw new Lz4Error(`LZ4 block checksum mismatch at byte ${pos}`);
    }
    if (stored) {
      out.reserve(size);
      out.bytes.set(input.subarray(pos, pos + size), out.length);
      out.length += size;
    } else {
      out.reserve(blockMaxBytes);
      decodeBlockInto(input, pos, pos + size, out, independentBlocks ? out.length : frameStart);
    }
    pos += size + (hasBlockChecksum ? 4 : 0);
  }
  if (hasContentChecksum) {
    const expected = readUint32(input, pos);
    pos += 4;
    if (xxhash32(out.bytes.subarray(frameStart, out.length), 0) !== expected) throw new Lz4Error('LZ4 content checksum mismatch');
  }
  return pos;
}
