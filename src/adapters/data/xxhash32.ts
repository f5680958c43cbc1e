// xxHash32, the checksum LZ4 frames carry (header, block and content checksums).
const PRIME1 = 0x9e3779b1;
const PRIME2 = 0x85ebca77;
const PRIME3 = 0xc2b2ae3d;
const PRIME4 = 0x27d4eb2f;
const PRIME5 = 0x165667b1;

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

function readLane(data: Uint8Array, pos: number): number {
  return data[pos] | (data[pos + 1] << 8) | (data[pos + 2] << 16) | (data[pos + 3] << 24);
}

function round(accumulator: number, lane: number): number {
  return Math.imul(rotl((accumulator + Math.imul(lane, PRIME2)) | 0, 13), PRIME1);
}

/** The unsigned 32-bit xxHash32 of `data` with `seed`. */
export function xxhash32(data: Uint8Array, seed: number): number {
  const length = data.length;
  let pos = 0;
  let hash: number;
  if (length >= 16) {
    let v1 = (seed + PRIME1 + PRIME2) | 0;
    let v2 = (seed + PRIME2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - PRIME1) | 0;
    const limit = length - 16;
    while (pos <= limit) {
      v1 = round(v1, readLane(data, pos));
      v2 = round(v2, readLane(data, pos + 4));
      v3 = round(v3, readLane(data, pos + 8));
      v4 = round(v4, readLane(data, pos + 12));
      pos += 16;
    }
    hash = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    hash = (seed + PRIME5) | 0;
  }
  hash = (hash + length) | 0;
  while (pos + 4 <= length) {
    hash = Math.imul(rotl((hash + Math.imul(readLane(data, pos), PRIME3)) | 0, 17), PRIME4);
    pos += 4;
  }
  while (pos < length) {
    hash = Math.imul(rotl((hash + Math.imul(data[pos], PRIME5)) | 0, 11), PRIME1);
    pos++;
  }
  hash = Math.imul(hash ^ (hash >>> 15), PRIME2);
  hash = Math.imul(hash ^ (hash >>> 13), PRIME3);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
