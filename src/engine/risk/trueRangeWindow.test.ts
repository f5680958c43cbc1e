import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { trailingAtr } from './trailingAtr.ts';
import { TrueRangeWindow } from './trueRangeWindow.ts';

describe('TrueRangeWindow', () => {
  test('after each bar equals trailingAtr at that bar (the backtest gate\'s ATR), before and after the window fills', () => {
    const n = 60;
    const high = new Float64Array(n);
    const low = new Float64Array(n);
    const close = new Float64Array(n);
    let price = 100;
    for (let i = 0; i < n; i++) {
      // A deterministic walk with gaps between closes and the next range, so true ranges differ from high - low.
      price += Math.sin(i * 1.7) * 3;
      high[i] = price + 1 + (i % 3);
      low[i] = price - 1 - (i % 5) * 0.5;
      close[i] = price + Math.cos(i) * 0.8;
    }
    const window = new TrueRangeWindow();
    for (let i = 0; i < n; i++) {
      window.add(high[i], low[i], close[i]);
      const expected = trailingAtr(high, low, close, i);
      if (i === 0) assert.ok(Number.isNaN(window.atr()), 'one bar has no true range yet');
      else assert.ok(Math.abs(window.atr() - expected) < 1e-9, `bar ${i}: ${window.atr()} vs ${expected}`);
    }
  });

  test('reset forgets the bars (a re-warm starts over)', () => {
    const window = new TrueRangeWindow(3);
    window.add(10, 8, 9);
    window.add(12, 9, 11);
    assert.equal(window.atr(), 3);
    window.reset();
    assert.ok(Number.isNaN(window.atr()));
    window.add(10, 9, 10);
    window.add(10, 9, 9.5);
    assert.equal(window.atr(), 1);
  });
});
