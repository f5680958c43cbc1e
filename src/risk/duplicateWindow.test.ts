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

  it('keeps each account its own window when their orders alternate', () => {
    const window = new DuplicateWindow(1_000);
    const a = intentOf({ account: 'a', timeMs: FIXTURE_TIME_MS });
    const b = intentOf({ account: 'b', timeMs: FIXTURE_TIME_MS + 10 });
    window.record(a);
    assert.equal(window.check(b), undefined, "b has no window yet: a's order is not b's");
    window.record(b);
    assert.equal(window.check({ ...a, timeMs: FIXTURE_TIME_MS + 20 })?.code, 'DUPLICATE_ORDER', "a's window after b's order");
    assert.equal(window.check({ ...b, timeMs: FIXTURE_TIME_MS + 30 })?.code, 'DUPLICATE_ORDER', "b's window after asking about a");
    assert.equal(window.check(intentOf({ account: 'c', timeMs: FIXTURE_TIME_MS + 40 })), undefined, 'an account never seen has none');
    assert.deepEqual(Object.keys(window.toJSON()), ['a', 'b']);
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

  it('holds exactly the orders of the last window while expired records are reused, over random order times', () => {
    const window = new DuplicateWindow(1_000);
    // The model: every recorded order, dropping at each record those more than 1,000 ms older.
    let model: Array<[number, number]> = [];
    let seed = 7;
    const random = () => (seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647;
    let timeMs = FIXTURE_TIME_MS;
    for (let n = 0; n < 400; n++) {
      // Steps of 0 (a reversal's exit and entry share a time), 300, 600 or 1,200 ms: windows of one to several orders.
      timeMs += [0, 0, 300, 600, 1_200][Math.floor(random() * 5)];
      const quantity = 1 + n;
      window.record(intentOf({ quantity, timeMs }));
      model = model.filter(([, at]) => timeMs - at <= 1_000);
      model.push([quantity, timeMs]);
      assert.deepEqual(window.toJSON().main.map((order) => [order.quantity, order.timeMs]), model, `order ${n}`);
    }
  });
});
