import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { SIM_SYMBOLS } from '../../adapters/exchange/venueSim/venueSimFixtures.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import { liveRecord } from './modeParityLive.ts';
import { backtestRecord, paperRecord, type ModeRecord } from './modeParityScenario.ts';
import { R1_ACCOUNT, R1_BAR_MS, R1_SPREAD_BPS, R1_SYMBOLS, r1Scenario } from './modeParityR1.ts';
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
 *   it changes, and logs the halt's flatten as target 0 at the bar that halted (for a sleeve holding a
 *   position; its strategy's target of that bar is not logged). The same log is built here from the bar
 *   reports (the bar a HALTED transition is stored at is that flatten).
 * - Trading states: the kernel stamps the equity of a bar's close with the bar's open time (its clock
 *   is the bar's open); the runner stamps it with the time it read it, the bar's close. One bar apart.
 * - A protective stop that fills sets the kernel's target to 0 (the bar it fills in).
 * - The halt's flatten: the runner closes the account's positions as one order per symbol under the
 *   sleeve name `flatten`; the kernel books the same close to the sleeve holding the symbol.
 */
function inBacktestTerms(live: ModeRecord & { readonly decisionsPerBar: readonly string[] }, loaded: LoadedConfig, barMs: number): ModeRecord {
  const haltBars = new Set(live.states.filter((state) => state.endsWith(' HALTED')).map((state) => Number(state.split(' ')[0]) - barMs));
  const last = new Map<string, number>();
  const decisions: string[] = [];
  const stopExits = new Set(live.stopExits ?? []);
  for (const row of live.decisionsPerBar) {
    const [time, sleeve, target, position] = row.split(' ');
    // A stop exit leaves the kernel's book at target 0: the strategy's next target is a change from there.
    if (stopExits.has(`${time} ${sleeve}`)) last.set(sleeve, 0);
    const decided = haltBars.has(Number(time)) && Number(position) !== 0 ? 0 : Number(target);
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
  assert.deepEqual(sorted(actual.decisions), sorted(expected.decisions), `${mode}: same decisions (bar, sleeve, target) as the backtest`);
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

  test('the R1 ensemble (three sleeves, one account): same decisions, orders, denials, trading states and fills, through the spread guardrail and a scripted crash that halts', async () => {
    const startMs = yesterdayStartMs();
    const bars = 120;
    const crashBar = 80;
    // Where each sleeve stands at the crash bar without the crash: the crash moves every held symbol
    // 12 % against its position inside that bar, past the 1.5 % daily drawdown set for the account.
    const plain = r1Scenario(startMs, bars);
    dirs.push(plain.dir);
    const unscripted = await backtestRecord(plain.loaded, plain.candles, R1_BAR_MS);
    assert.ok(!unscripted.states.some((state) => state.endsWith('HALTED')), `without the crash the account is not halted (the halt below is the script's): ${unscripted.states.join('; ')}`);
    const positions = new Map<string, number>();
    for (const fill of unscripted.fills) {
      const [time, symbol, quantity] = fill.split(' ');
      if (Number(time) <= startMs + crashBar * R1_BAR_MS) positions.set(symbol, (positions.get(symbol) ?? 0) + Number(quantity));
    }
    assert.ok([...positions.values()].some((quantity) => Math.abs(quantity) > 1e-9), 'a position is held at the crash bar');
    const scenario = r1Scenario(startMs, bars, { bar: crashBar, pct: 12, sideOf: (symbol) => Math.sign(Math.round((positions.get(symbol) ?? 0) * 1e9)) });
    dirs.push(scenario.dir);
    const backtest = await backtestRecord(scenario.loaded, scenario.candles, R1_BAR_MS);
    assert.ok(backtest.denials.some((denial) => denial.endsWith('SPREAD_TOO_WIDE')), `the spread guardrail fires: ${backtest.denials.join('; ')}`);
    const haltedAtMs = backtest.states.filter((state) => state.endsWith('HALTED')).map((state) => Number(state.split(' ')[0]));
    assert.ok(haltedAtMs.length === 1 && haltedAtMs[0] >= startMs + crashBar * R1_BAR_MS && haltedAtMs[0] <= startMs + (crashBar + 1) * R1_BAR_MS, `the crash halts the account: ${backtest.states.join('; ')}`);
    assert.ok(backtest.denials.some((denial) => denial.endsWith('TRADING_HALTED')), 'entries after the halt are refused');
    assert.ok(new Set(backtest.orders.map((order) => order.split(' ')[1])).size === 3, `every sleeve trades: ${backtest.orders.join('; ')}`);

    const paper = await paperOf(scenario.loaded, scenario.candles, scenario.dir, startMs, bars, R1_BAR_MS);
    assertSame(paper, backtest, 'paper');
    assert.deepEqual(paper.denials, backtest.denials, 'paper: same denials (time, sleeve, code) as the backtest');

    for (const ws of [false, true]) {
      const mode = ws ? 'live (websockets)' : 'live (REST)';
      const live = await liveRecord({ loaded: scenario.loaded, account: R1_ACCOUNT, series: [...scenario.candles.values()], symbols: R1_SYMBOLS, barMs: R1_BAR_MS, spreadBps: R1_SPREAD_BPS, ws, dir: join(scenario.dir, ws ? 'ws' : 'rest') });
      const actual = inBacktestTerms(live, scenario.loaded, R1_BAR_MS);
      assertSame(actual, backtest, mode);
      assert.deepEqual(actual.stopEquities, backtest.stopEquities, `${mode}: the emergency stop fired at the backtest's equity`);
      assert.deepEqual(sorted(live.denials), sorted(backtest.denials), `${mode}: same denials (time, sleeve, code) as the backtest`);
    }
  });
});
