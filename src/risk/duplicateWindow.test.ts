import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuplicateWindow } from './duplicateWindow.ts';
import { FIXTURE_TIME_MS, intentOf } from './riskFixtures.ts';

describe('DuplicateWindow', () => {
  it('denies the same order within the window and forgets it after, while the window keeps turning over', () => {
    const window = new DuplicateWindow(1_000);
    for (let n = 0; n < 50; n++) {
      const timeMs = FIXTURE_TIME_MS + n * 600;
      const intent = intentOf({ quantity: 0.01 + (n % 3) * 0.01, timeMs });
      // The same quantity came 1,800 ms ago (three orders back): outside the window.
      assert.equal(window.check(intent), undefined, `order ${n}`);
      window.record(intent);
      // Recorded 0 ms ago: a duplicate now.
      assert.equal(window.check(intent)?.code, 'DUPLICATE_ORDER');
    }
    const saved = window.toJSON().main;
    // Only the orders within 1,000 ms of the last are kept: the last two.
    assert.deepEqual(saved.map((order) => order.timeMs), [FIXTURE_TIME_MS + 48 * 600, FIXTURE_TIME_MS + 49 * 600]);
  });

  it('saves copies that later orders do not change, and restores them', () => {
    const window = new DuplicateWindow(1_000);
    window.record(intentOf({ timeMs: FIXTURE_TIME_MS }));
    const saved = window.toJSON();
    window.record(intentOf({ quantity: 0.5, timeMs: FIXTURE_TIME_MS + 5_000 }));
    assert.deepEqual(saved.main.map((order) => [order.quantity, order.timeMs]), [[0.01, FIXTURE_TIME_MS]]);
    const restored = DuplicateWindow.fromJSON(1_000, saved);
    assert.equal(restored.check(intentOf({ timeMs: FIXTURE_TIME_MS + 500 }))?.code, 'DUPLICATE_ORDER');
    assert.equal(restored.check(intentOf({ timeMs: FIXTURE_TIME_MS + 1_500 })), undefined);
  });
});
