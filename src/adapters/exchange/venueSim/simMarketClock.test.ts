import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSimMarketClock } from './simMarketClock.ts';
import { startVenueSim } from './startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from './venueSimFixtures.ts';

const MINUTE_MS = 60_000;

/** The venue's klines as [openTimeMs, close]. */
async function klines(url: string, symbol: string): Promise<Array<[number, number]>> {
  const response = await fetch(`${url}/fapi/v1/klines?symbol=${symbol}&interval=1m&limit=1500`);
  return ((await response.json()) as Array<[number, string, string, string, string]>).map((row) => [row[0], Number(row[4])]);
}

test('serves a rising history of closed bars ending at the last boundary, the venue trading at the last close', async () => {
  const sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
  const nowMs = Date.now();
  const clock = startSimMarketClock(sim, SIM_SYMBOLS, { timeframeMs: MINUTE_MS, historyBars: 50, nowMs: () => nowMs });
  try {
    const bars = await klines(sim.url, 'BTCUSDT');
    assert.equal(bars.length, 50);
    const lastOpenMs = (bars.at(-1) as [number, number])[0];
    assert.equal(lastOpenMs, Math.floor(nowMs / MINUTE_MS) * MINUTE_MS - MINUTE_MS, 'the newest bar is the one that closed at the last boundary');
    const firstClose = (bars[0] as [number, number])[1];
    const lastClose = (bars.at(-1) as [number, number])[1];
    assert.ok(lastClose > firstClose * 1.1, `the history rises (${firstClose} → ${lastClose})`);
    assert.equal(sim.price('BTCUSDT'), lastClose, 'the venue trades at the last close');
  } finally {
    clock.stop();
    await sim.close();
  }
});

test('closes one bar at the next boundary, at the price the venue trades at then', async () => {
  const sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
  // The clock's "now" runs 150 ms short of a boundary, so the boundary comes without waiting a minute.
  const offsetMs = (Math.floor(Date.now() / MINUTE_MS) + 1) * MINUTE_MS - 150 - Date.now();
  const clock = startSimMarketClock(sim, SIM_SYMBOLS, { timeframeMs: MINUTE_MS, historyBars: 10, nowMs: () => Date.now() + offsetMs });
  try {
    sim.setPrice('ETHUSDT', 3_210);
    let bars = await klines(sim.url, 'ETHUSDT');
    for (let poll = 0; poll < 100 && bars.length === 10; poll++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      bars = await klines(sim.url, 'ETHUSDT');
    }
    assert.equal(bars.length, 11, 'one more bar after the boundary');
    assert.equal((bars.at(-1) as [number, number])[1], 3_210, 'it closed at the venue price');
    assert.equal((bars.at(-1) as [number, number])[0] - (bars.at(-2) as [number, number])[0], MINUTE_MS, 'right after the history, no gap');
  } finally {
    clock.stop();
    await sim.close();
  }
});
