import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callSimControl } from './simControlClient.ts';
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

test('closeBar closes the current bar now, served by klines right after the history; the next boundary\'s bar follows it, no open time twice', async () => {
  // Two-second bars: the next boundary comes soon, with margin for a loaded machine on either side.
  const BAR_MS = 2_000;
  const token = 'control-token-for-tests';
  const sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, controlToken: token });
  const clock = startSimMarketClock(sim, SIM_SYMBOLS, { timeframeMs: BAR_MS, historyBars: 10 });
  try {
    // Halfway through a bar: its scheduled close is still half a bar away.
    await new Promise((resolve) => setTimeout(resolve, BAR_MS + BAR_MS / 2 - (Date.now() % BAR_MS)));
    const before = await klines(sim.url, 'ETHUSDT');
    sim.setPrice('ETHUSDT', 3_210);
    const sentMs = Date.now();
    const answer = await callSimControl(sim.url, token, { method: 'POST', command: { kind: 'closeBar' } });
    const answeredMs = Date.now();
    assert.ok(answer.ok, `closeBar is accepted: ${answer.ok ? '' : answer.error}`);
    const closed = await klines(sim.url, 'ETHUSDT');
    assert.equal(closed.length, before.length + 1, 'one bar more, served at once');
    const [openMs, close] = closed.at(-1) as [number, number];
    assert.equal(close, 3_210, 'it closed at the venue price');
    assert.ok(openMs + BAR_MS >= sentMs && openMs + BAR_MS <= answeredMs, `it closed now (open ${openMs} + a bar within ${sentMs}…${answeredMs})`);
    assert.equal(openMs - (closed.at(-2) as [number, number])[0], BAR_MS, 'the previous bar\'s open + a bar length');
    await new Promise((resolve) => setTimeout(resolve, BAR_MS + BAR_MS / 3));
    const later = await klines(sim.url, 'ETHUSDT');
    assert.equal(later.length, closed.length + 1, 'the next boundary (a bar after closeBar) closed one bar, the old boundary none');
    const opens = later.map(([open]) => open);
    assert.deepEqual(
      opens.slice(1).map((open, i) => open - (opens[i] as number)),
      opens.slice(1).map(() => BAR_MS),
      `one bar after another, none twice: ${opens.join(', ')}`,
    );
    assert.equal((later.at(-1) as [number, number])[0], openMs + BAR_MS, 'the following bar opens where the closed one ended');
  } finally {
    clock.stop();
    await sim.close();
  }
});
