import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PerBarReads } from './perBarReads.ts';

test('reads each key once per bar time, and afresh at the next bar', async () => {
  const reads = new PerBarReads();
  let calls = 0;
  const load = async (): Promise<number> => ++calls;
  assert.deepEqual(await Promise.all([reads.read('m', 1_000, load), reads.read('m', 1_000, load), reads.read('m', 1_000, load)]), [1, 1, 1], 'three sleeves, one read');
  assert.equal(await reads.read('other', 1_000, load), 2, 'another key is its own read');
  assert.equal(await reads.read('m', 2_000, load), 3, 'the next bar reads again');
});

test('a failed read fails the rest of its bar and is tried again at the next', async () => {
  const reads = new PerBarReads();
  let calls = 0;
  const failing = async (): Promise<number> => {
    calls++;
    throw new Error('store down');
  };
  await assert.rejects(reads.read('m', 1_000, failing), /store down/);
  await assert.rejects(reads.read('m', 1_000, async () => 5), /store down/, 'no second answer within the bar');
  assert.equal(calls, 1);
  assert.equal(await reads.read('m', 2_000, async () => 5), 5);
});
