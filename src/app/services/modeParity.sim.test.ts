import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { SIM_SYMBOLS } from '../../adapters/exchange/venueSim/venueSimFixtures.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { liveRecord } from './modeParityLive.ts';
import { backtestRecord, paperRecord, type ModeRecord } from './modeParityScenario.ts';
import { USER_BAR_MS, USER_SCRIPT, USER_SPREAD_BPS, userScenario } from './modeParityUser.ts';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const DAY_MS = 86_400_000;

/**
 * Bar times for a live session: in the past (the venue serves them as history, the runner's clock is
 * set to each close), starting an hour into yesterday (UTC) so that the emergency stop's day never
 * turns inside the script.
 */
function yesterdayStartMs(): number {
  return Math.floor(Date.now() / DAY_MS) * DAY_MS - DAY_MS + 3_600_000;
}

const sorted = (lines: readonly string[]): string[] => [...lines].sort();

/**
 * The live record in the backtest's terms, where the two modes name the same thing differently:
 * - Decisions: the runner reports each bar's strategy target; the kernel logs a sleeve's target when
 *   it changes, and logs the halt's flatten as target 0 at the bar that halted. The same log is built
 *   here from the bar reports (the bar a HALTED transition is stored at is that flatten).
 * - Trading states: the kernel stamps the equity of a bar's close with the bar's open time (its clock
 *   is the bar's open); the runner stamps it with the time it read it, the bar's close. One bar apart.
 * - The halt's flatten: the runner closes the account's positions as one order per symbol under the
 *   sleeve name `flatten`; the kernel books the same close to the sleeve holding the symbol.
 */
function inBacktestTerms(live: ModeRecord & { readonly decisionsPerBar: readonly string[] }, loaded: LoadedConfig, barMs: number): ModeRecord {
  const haltBars = new Set(live.states.filter((state) => state.endsWith(' HALTED')).map((state) => Number(state.split(' ')[0]) - barMs));
  const last = new Map<string, number>();
  const decisions: string[] = [];
  for (const row of live.decisionsPerBar) {
    const [time, sleeve, target] = row.split(' ');
    const decided = haltBars.has(Number(time)) ? 0 : Number(target);
    if ((last.get(sleeve) ?? 0) === decided) continue;
    last.set(sleeve, decided);
    decisions.push(`${time} ${sleeve} ${decided}`);
  }
  const sleeveOfSymbol = new Map(loaded.config.sleeves.map((sleeve) => [sleeve.symbol, sleeve.name]));
  return {
    decisions,
    orders: live.orders.map((order) => {
      const [time, sleeve, symbol, ...rest] = order.split(' ');
      return [time, sleeve === 'flatten' ? (sleeveOfSymbol.get(symbol) ?? sleeve) : sleeve, symbol, ...rest].join(' ');
    }),
    denials: live.denials,
    states: live.states.map((state) => {
      const [time, name] = state.split(' ');
      return `${Number(time) - barMs} ${name}`;
    }),
    fills: live.fills,
    stopEquities: live.stopEquities,
  };
}

async function paperOf(loaded: LoadedConfig, candles: Parameters<typeof paperRecord>[1], dir: string, startMs: number, bars: number, barMs: number): Promise<ModeRecord> {
  const store = await SqliteTradeStore.open({ path: join(dir, 'paper.sqlite') });
  try {
    return await paperRecord(loaded, candles, store, startMs, bars, barMs);
  } finally {
    await store.close();
  }
}

function assertSame(actual: ModeRecord, expected: ModeRecord, mode: string): void {
  assert.deepEqual(actual.decisions, expected.decisions, `${mode}: same decisions (bar, sleeve, target) as the backtest`);
  assert.deepEqual(sorted(actual.orders), sorted(expected.orders), `${mode}: same orders (bar, sleeve, side, quantity, reduce-only) as the backtest`);
  assert.deepEqual(actual.states, expected.states, `${mode}: same trading-state changes as the backtest`);
  assert.deepEqual(sorted(actual.fills), sorted(expected.fills), `${mode}: fill for fill (time, symbol, quantity, price) as the backtest`);
}

describe('one engine in every mode: backtest, paper, live over REST and over websockets', () => {
  test('a user strategy file: same decisions, orders, denials, trading states and fills, through a spread guardrail and an emergency halt', async () => {
    const startMs = yesterdayStartMs();
    const scenario = userScenario(startMs);
    dirs.push(scenario.dir);
    const backtest = await backtestRecord(scenario.loaded, scenario.candles, USER_BAR_MS);
    // The script must exercise what it claims to, or the comparisons below prove little.
    assert.ok(backtest.denials.some((denial) => denial.endsWith('SPREAD_TOO_WIDE')), `the spread guardrail fires: ${backtest.denials.join('; ')}`);
    assert.deepEqual(backtest.states.map((state) => state.split(' ')[1]), ['HALTED'], 'the crash bar halts the account');
    assert.ok(backtest.orders.some((order) => order.endsWith('true')) && backtest.orders.length >= 6, `entries, a reversal, exits and the halt's flatten: ${backtest.orders.join('; ')}`);

    const paper = await paperOf(scenario.loaded, scenario.candles, scenario.dir, startMs, USER_SCRIPT.length, USER_BAR_MS);
    assertSame(paper, backtest, 'paper');
    assert.deepEqual(paper.denials, backtest.denials, 'paper: same denials (time, sleeve, code) as the backtest');

    for (const ws of [false, true]) {
      const mode = ws ? 'live (websockets)' : 'live (REST)';
      const live = await liveRecord({ loaded: scenario.loaded, account: 'main', series: [...scenario.candles.values()], symbols: SIM_SYMBOLS, barMs: USER_BAR_MS, spreadBps: USER_SPREAD_BPS, ws, dir: join(scenario.dir, ws ? 'ws' : 'rest') });
      const actual = inBacktestTerms(live, scenario.loaded, USER_BAR_MS);
      assertSame(actual, backtest, mode);
      // Paper stores the transition's trigger, not its figures: the equity is compared for live only.
      assert.deepEqual(actual.stopEquities, backtest.stopEquities, `${mode}: the emergency stop fired at the backtest's equity (unrealized PnL counted once)`);
      assert.deepEqual(live.denials, backtest.denials, `${mode}: same denials (time, sleeve, code) as the backtest`);
    }
  });
});
