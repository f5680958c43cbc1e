import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY_MS } from './dailyEquity.ts';
import { periodFigures } from './periodFigures.ts';

const DAY0 = Date.UTC(2026, 2, 2);

test('return, Sharpe and drawdown of a period start from the last point before it', () => {
  const points = [
    { atMs: DAY0 - DAY_MS + 1, equity: 100 },
    { atMs: DAY0 + 3_600_000, equity: 90 },
    { atMs: DAY0 + 20 * 3_600_000, equity: 101 },
    { atMs: DAY0 + DAY_MS + 5, equity: 99.99 },
    { atMs: DAY0 + 2 * DAY_MS + 5, equity: 101.9898 },
    { atMs: DAY0 + 9 * DAY_MS, equity: 500 },
  ];
  const figures = periodFigures(points, DAY0, DAY0 + 3 * DAY_MS - 1);
  assert.ok(Math.abs(figures.returnPct - 1.9898) < 1e-9, 'base 100 (the day before), last close 101.9898; the point after the period is ignored');
  // Daily returns 0.01, −0.01, 0.02: mean / sample deviation × √365 = 8.338094 (as returnStats' own hand value).
  assert.ok(Math.abs(figures.sharpe - 8.338093878) < 1e-6, `Sharpe ${figures.sharpe}`);
  assert.ok(Math.abs(figures.maxDrawdownPct - 10) < 1e-9, 'the intraday 90 under the 100 base: 10 %');
});

test('a period without a point inside is not measured', () => {
  const figures = periodFigures([{ atMs: DAY0 - 1, equity: 100 }], DAY0, DAY0 + DAY_MS);
  assert.ok(Number.isNaN(figures.returnPct) && Number.isNaN(figures.sharpe) && Number.isNaN(figures.maxDrawdownPct));
});
