import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { syntheticCandles } from './syntheticCandles.ts';
import { sharedPath, skipWithoutShared } from '../../../test/support/sharedData.ts';

const options = { symbol: 'X', timeframe: '1h', bars: 2_000, seed: 20240601, startPrice: 100, startMs: 1_500_000_000_000, intervalMs: 3_600_000 };

test('the same seed gives the same candles', () => {
  const a = syntheticCandles(options);
  const b = syntheticCandles(options);
  assert.deepEqual(a.close, b.close);
  assert.notDeepEqual(syntheticCandles({ ...options, seed: 2 }).close, a.close, 'another seed gives another path');
});

test('every bar is a valid OHLC bar on the interval grid', () => {
  const s = syntheticCandles(options);
  for (let i = 0; i < s.length; i++) {
    assert.ok(s.low[i] <= Math.min(s.open[i], s.close[i]) && s.high[i] >= Math.max(s.open[i], s.close[i]), `bar ${i} OHLC`);
    assert.equal(s.time[i], options.startMs + i * options.intervalMs);
  }
});

test('matches the C reference generator bit for bit', { skip: skipWithoutShared }, () => {
  const path = sharedPath('perf-reference', 'gen.js');
  assert.ok(existsSync(path) && readFileSync(path, 'utf8').includes('genColumns'));
  const reference = createRequire(import.meta.url)(path).genColumns(2_000, 20240601);
  const ours = syntheticCandles(options);
  assert.deepEqual(ours.close, reference.c);
  assert.deepEqual(ours.high, reference.h);
  assert.deepEqual(ours.open, reference.o);
});
