import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exposedSymbols, sumOverSymbols } from './exposure.ts';
import { positionOf, snapshotOf, workingOf } from './riskFixtures.ts';
import type { RiskSnapshot } from './riskSnapshot.ts';

/** Records each visit: which symbol, with what extra quantity and fallback price. */
function visits(snapshot: RiskSnapshot, symbol: string | undefined, extraSigned: number, fallbackPrice: number): string[] {
  const seen: string[] = [];
  const total = sumOverSymbols(snapshot, symbol, extraSigned, fallbackPrice, (_snapshot, each, extra, fallback) => {
    seen.push(`${each}:${extra}:${fallback}`);
    return seen.length;
  });
  // 1 + 2 + … + n: each visit's return value is summed exactly once.
  assert.equal(total, (seen.length * (seen.length + 1)) / 2);
  return seen;
}

describe('sumOverSymbols', () => {
  it('visits held positions, then working entries on flat symbols, then the ordered symbol, each once', () => {
    const snapshot = snapshotOf({
      positions: { BTCUSDT: positionOf(0.1), ETHUSDT: positionOf(0), SOLUSDT: positionOf(-2, { entryPrice: 100 }) },
      workingOrders: [
        workingOf('BTCUSDT', 'buy', 0.1, 40_000),
        workingOf('XRPUSDT', 'sell', 10, 0.5),
        workingOf('ADAUSDT', 'buy', 5, 0.4, true),
        workingOf('XRPUSDT', 'buy', 10, 0.5),
      ],
    });
    assert.deepEqual(visits(snapshot, 'DOGEUSDT', 3, 0.1), ['BTCUSDT:0:0', 'SOLUSDT:0:0', 'XRPUSDT:0:0', 'DOGEUSDT:3:0.1']);
    assert.deepEqual([...exposedSymbols(snapshot)], ['BTCUSDT', 'SOLUSDT', 'XRPUSDT']);
  });

  it('applies the extra quantity to the ordered symbol where it is already exposed, and adds it nowhere else', () => {
    const snapshot = snapshotOf({ positions: { BTCUSDT: positionOf(0.1) }, workingOrders: [workingOf('ETHUSDT', 'buy', 1, 2_000)] });
    assert.deepEqual(visits(snapshot, 'ETHUSDT', -1, 2_000), ['BTCUSDT:0:0', 'ETHUSDT:-1:2000']);
    assert.deepEqual(visits(snapshot, 'BTCUSDT', 0.5, 40_000), ['BTCUSDT:0.5:40000', 'ETHUSDT:0:0']);
    assert.deepEqual(visits(snapshot, undefined, 0, 0), ['BTCUSDT:0:0', 'ETHUSDT:0:0']);
  });

  it('counts a flat book as nothing but the ordered symbol', () => {
    assert.deepEqual(visits(snapshotOf(), 'BTCUSDT', 0.01, 40_000), ['BTCUSDT:0.01:40000']);
    assert.deepEqual(visits(snapshotOf(), undefined, 0, 0), []);
  });
});
