import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openTradeStore } from '../../../adapters/storage/openTradeStore.ts';
import type { TradeStore } from '../../../ports/tradeStore.ts';
import { cliInProcess as cli } from '../../../../test/support/cliInProcess.ts';

// Issue 19 (staged risk): `rampart sizing status|advance` on a seeded SQLite store.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const NOW_MS = Date.now();
const BASE = readFileSync(resolve(import.meta.dirname, '../../../../config/r1-ensemble.yaml'), 'utf8');
const STAGES = 'sizing: {mode: risk, stages: {steps: [0.001, 0.0025, 0.005, 0.01], backtestWinRate: 0.55, automatic: false}}';
let dir = '';
let stateDir = '';
let configPath = '';

async function withStore<T>(body: (store: TradeStore) => Promise<T>): Promise<T> {
  const store = await openTradeStore({ stateDir });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/**
 * 10 days of gently rising equity; the BTC sleeve closes 12 round trips of 1 lot from 100: 7 won at 103
 * (+3 each) and 5 lost at 98 (−2 each): win rate 7/12, profit factor 21/10 = 2.1. ETH and SOL trade nothing.
 */
async function seed(store: TradeStore): Promise<void> {
  const startMs = NOW_MS - 10 * DAY_MS;
  for (let hour = 0; hour < 10 * 24; hour++) {
    const equity = (10_000 + hour).toFixed(2);
    await store.recordEquitySnapshot({ account: 'default', atMs: startMs + hour * HOUR_MS, equity, walletBalance: equity, unrealizedPnl: '0' });
  }
  for (let trade = 0; trade < 12; trade++) {
    const atMs = startMs + DAY_MS + trade * 4 * HOUR_MS;
    for (const [side, price, offsetMs] of [['BUY', 100, 0], ['SELL', trade < 7 ? 103 : 98, HOUR_MS]] as const) {
      const id = `BTC-${trade}-${side}`;
      await store.recordIntent({ clientOrderId: id, account: 'default', sleeve: 'BTC', symbol: 'BTCUSDT', strategy: 's', side, quantity: '1', price: null, reduceOnly: side === 'SELL', createdAtMs: atMs + offsetMs, state: 'SENT', stateChangedAtMs: atMs + offsetMs });
      await store.applyFill({ account: 'default', symbol: 'BTCUSDT', tradeId: `t-${id}`, clientOrderId: id, venueOrderId: null, side, quantity: '1', price: String(price), fee: '0', atMs: atMs + offsetMs });
    }
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-sizing-'));
  stateDir = join(dir, 'state');
  configPath = join(dir, 'staged.yaml');
  writeFileSync(configPath, BASE.replace('sizing: {mode: weight}', STAGES));
  await withStore(seed);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const store = () => ['--state-dir', stateDir];

describe('rampart sizing', () => {
  test('status prints each sleeve step, every criterion with its value and bound, and the verdict', async () => {
    const run = await cli(['sizing', 'status', '-c', configPath, ...store()]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /default\/BTC: step 0 risk 0\.1 % per trade since .* \(start\): ADVANCE_ELIGIBLE/);
    for (const line of [/MET +trades >= 10: 12/, /MET +winRateGap <= 0\.1: 0\.033333/, /MET +profitFactor >= 1\.2: 2\.1/, /MET +maxDrawdown < 0\.03: 0\n/, /MET +daysWithoutErrors >= 7: (9\.9|10)/]) assert.match(run.stdout, line);
    assert.match(run.stdout, /default\/ETH: step 0 risk 0\.1 % per trade .*: HOLD\n  advance \(all required\):\n    NOT MET  trades >= 10: 0/);
  });

  test('advance is refused with the failing criteria and writes nothing; an eligible sleeve steps up with its evidence', async () => {
    const refused = await cli(['sizing', 'advance', '-c', configPath, ...store(), '--sleeve', 'ETH', '--reason', 'looks fine']);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /refused: not eligible \(HOLD\): advance: trades >= 10: 0; advance: winRateGap <= 0\.1: not measured; advance: profitFactor >= 1\.2: not measured/);
    assert.deepEqual(await withStore((s) => s.listRiskStages()), [], 'a refusal records nothing');

    const moved = await cli(['sizing', 'advance', '-c', configPath, ...store(), '--sleeve', 'BTC', '--reason', 'week 2 review']);
    assert.equal(moved.code, 0, moved.stderr);
    assert.match(moved.stdout, /moved default\/BTC from step 0 to step 1: risk 0\.25 % per trade \(advance\)/);
    const [record] = await withStore((s) => s.listRiskStages({ account: 'default', sleeve: 'BTC' }));
    assert.deepEqual([record.stepIndex, record.riskPerTrade, record.how, record.reason], [1, 0.0025, 'advance', 'week 2 review']);
    assert.equal(record.detail.verdict, 'ADVANCE_ELIGIBLE');
    assert.deepEqual((record.detail.advance as Array<{ name: string; value: number }>).map((item) => [item.name, item.value]).slice(0, 1), [['trades', 12]]);

    const after = await cli(['sizing', 'status', '-c', configPath, ...store()]);
    assert.match(after.stdout, /default\/BTC: step 1 risk 0\.25 % per trade since .* \(advance\): HOLD/, 'the new step starts a new record: no trades on it yet');
  });

  test('--override steps up against the evidence and records the criteria it overrode', async () => {
    const run = await cli(['sizing', 'advance', '-c', configPath, ...store(), '--sleeve', 'SOL', '--reason', 'desk decision', '--override']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /moved default\/SOL from step 0 to step 1: risk 0\.25 % per trade \(override\)/);
    const [record] = await withStore((s) => s.listRiskStages({ sleeve: 'SOL' }));
    assert.equal(record.how, 'override');
    assert.ok((record.detail.overridden as string[]).includes('advance: trades >= 10: 0'));
  });

  test('an execution error on the step: status exits 1 with STEP_DOWN; --apply steps each stepped-up sleeve down, recorded', async () => {
    await withStore((s) => s.recordIncident({ atMs: Date.now(), kind: 'NOT_READY', severity: 'CRITICAL', detail: { account: 'default', reason: 'venue unreachable' } }));
    const status = await cli(['sizing', 'status', '-c', configPath, ...store()]);
    assert.equal(status.code, 1);
    assert.match(status.stdout, /default\/BTC: step 1 .*: STEP_DOWN/);
    assert.match(status.stdout, /TRIGGERED  executionErrors > 0: 1/);
    const applied = await cli(['sizing', 'status', '--apply', '-c', configPath, ...store()]);
    assert.match(applied.stdout, /moved default\/BTC to step 0: risk 0\.1 % per trade \(step-down: stop scaling: executionErrors > 0: 1\)/);
    const latest = async (sleeve: string) => (await withStore((s) => s.listRiskStages({ sleeve }))).at(-1);
    assert.deepEqual([(await latest('BTC'))?.stepIndex, (await latest('BTC'))?.how], [0, 'step-down']);
    assert.deepEqual([(await latest('SOL'))?.stepIndex, (await latest('SOL'))?.how], [0, 'step-down']);
    assert.equal(await latest('ETH'), undefined, 'the first step has no step below: nothing recorded');
  });

  test('sizing.stages.automatic: --apply takes an eligible step up without an operator; without it, it does not', async () => {
    for (const automatic of [false, true]) {
      const fresh = join(dir, `auto-${automatic}`);
      const path = join(dir, `auto-${automatic}.yaml`);
      writeFileSync(path, BASE.replace('sizing: {mode: weight}', STAGES.replace('automatic: false', `automatic: ${automatic}`)));
      const seeded = await openTradeStore({ stateDir: fresh });
      await seed(seeded);
      await seeded.close();
      const run = await cli(['sizing', 'status', '--apply', '-c', path, '--state-dir', fresh]);
      assert.equal(run.code, 0, run.out);
      const reopened = await openTradeStore({ stateDir: fresh });
      const records = await reopened.listRiskStages();
      await reopened.close();
      assert.deepEqual(records.map((record) => [record.sleeve, record.stepIndex, record.how]), automatic ? [['BTC', 1, 'automatic']] : []);
    }
  });

  const bad: Array<[string, string[], (text: string) => string, RegExp]> = [
    ['a ladder that does not rise', [], (text) => text.replace(STAGES, 'sizing: {mode: risk, stages: {steps: [0.005, 0.001]}}'), /sizing\.stages\.steps.*rise strictly/],
    ['stages without risk sizing', [], (text) => text.replace(STAGES, 'sizing: {mode: weight, stages: {steps: [0.001]}}'), /sizing\.stages.*needs sizing\.mode risk/],
    ['no stages in the config', [], (text) => text.replace(STAGES, 'sizing: {mode: risk}'), /sizing\.stages/],
    ['an unknown sleeve', ['--sleeve', 'DOGE'], (text) => text, /--sleeve must name a sleeve of the config \(BTC, ETH, SOL\), was "DOGE"/],
  ];
  for (const [name, extra, change, message] of bad) {
    test(`${name}: exit 2 with the key path, nothing written`, async () => {
      const path = join(dir, 'bad.yaml');
      writeFileSync(path, change(readFileSync(configPath, 'utf8')));
      const before = await withStore((s) => s.listRiskStages());
      const run = await cli(['sizing', 'advance', '-c', path, ...store(), '--sleeve', extra[1] ?? 'BTC', '--reason', 'x', '--override']);
      assert.equal(run.code, 2, run.out);
      assert.match(run.stderr, message);
      assert.deepEqual(await withStore((s) => s.listRiskStages()), before);
    });
  }
});
