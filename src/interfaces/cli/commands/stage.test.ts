import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openTradeStore } from '../../../adapters/storage/openTradeStore.ts';
import type { TradeStore } from '../../../ports/tradeStore.ts';
import { cliInProcess as cli } from '../../../../test/support/cliInProcess.ts';

// Issue 14: `rampart stage` on a seeded store, and bad rules input refused with its key path (exit 2, nothing written).

const DAY_MS = 86_400_000;
const CONFIG = resolve(import.meta.dirname, '../../../../config');
let dir = '';
let stateDir = '';
const NOW_MS = Date.now();

async function withStore<T>(body: (store: TradeStore) => Promise<T>): Promise<T> {
  const store = await openTradeStore({ stateDir });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/** 40 days of paper equity, then 16 days on stage 1 with a gentle rise, three sleeves' round trips and one NOT_READY. */
async function seed(store: TradeStore): Promise<void> {
  const startMs = NOW_MS - 56 * DAY_MS;
  for (let hour = 0; hour < 56 * 24; hour++) {
    const equity = (10_000 * (1 + 0.0001 * hour + 0.002 * Math.sin(hour / 5))).toFixed(2);
    await store.recordEquitySnapshot({ account: 'default', atMs: startMs + hour * 3_600_000, equity, walletBalance: equity, unrealizedPnl: '0' });
  }
  await store.recordGoLive({ account: 'default', atMs: NOW_MS - 16 * DAY_MS, kind: 'STAGE_CHANGED', actor: 'alice', reason: 'paper passed', detail: { fromStage: 0, toStage: 1, how: 'advance' } });
  let trade = 0;
  for (const [sleeve, symbol] of [['BTC', 'BTCUSDT'], ['ETH', 'ETHUSDT'], ['SOL', 'SOLUSDT']]) {
    for (const [side, price, days] of [['BUY', 100, 10], ['SELL', 103, 9]] as const) {
      const id = `${sleeve}-${side}`;
      await store.recordIntent({ clientOrderId: id, account: 'default', sleeve, symbol, strategy: 's', side, quantity: '1', price: null, reduceOnly: side === 'SELL', createdAtMs: NOW_MS - days * DAY_MS, state: 'SENT', stateChangedAtMs: NOW_MS - days * DAY_MS });
      await store.applyFill({ account: 'default', symbol, tradeId: `t${trade++}`, clientOrderId: id, venueOrderId: null, side, quantity: '1', price: String(price), fee: '0.05', atMs: NOW_MS - days * DAY_MS });
    }
  }
  await store.recordIncident({ atMs: NOW_MS - DAY_MS / 2, kind: 'NOT_READY', severity: 'CRITICAL', detail: { account: 'default', reason: 'venue unreachable' } });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-stage-'));
  stateDir = join(dir, 'state');
  await withStore(seed);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const args = (...rest: string[]) => ['-c', join(CONFIG, 'r1-ensemble.yaml'), '--rules', join(CONFIG, 'r1-scale-rules.yaml'), '--state-dir', stateDir, ...rest];

describe('rampart stage', () => {
  test('status prints every criterion of the stage with its value, and what moving on needs', async () => {
    const run = await cli(['stage', 'status', ...args()]);
    assert.equal(run.code, 0, run.stderr);
    const expected = [
      /MET +daysInStage >= 14: 16/,
      /sharpe14d > 0: -?\d/,
      /runningMaxDrawdownPct < 10: \d/,
      /slippageRatio <= 1\.3: not measured/,
      /MET +flattenEvents == 0: 0/,
      /clear +runningMaxDrawdownPct > 12: \d/,
      /clear +sharpe14d < -0\.5: -?\d/,
      /clear +apiFailures24h > 3: 1/,
    ];
    for (const line of expected) assert.match(run.stdout, line);
    assert.match(run.stdout, /stage 1 \$5,000 \(weeks 1-2\) \(live, capital 5000 USDT\)/);
    assert.match(run.stdout, /sizes from at most 5000 USDT/);
    assert.match(run.stdout, /attest before entering stage 2: weekly report reviewed/);
    assert.match(run.stdout, /stays: exit: slippageRatio <= 1\.3: not measured/, 'what moving on needs: the unmeasured slippage fails closed');
  });

  test('advance is refused while an exit criterion is unmet; --override --reason moves and records it', async () => {
    const refused = await cli(['stage', 'advance', ...args()]);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /refused: not every exit criterion is met: exit: slippageRatio <= 1\.3: not measured/);
    const noReason = await cli(['stage', 'advance', '--override', ...args()]);
    assert.equal(noReason.code, 2, 'an override without a reason is bad input');
    const moved = await cli(['stage', 'advance', '--override', '--reason', 'slippage reviewed by hand', '--approved-by', 'bob', ...args()]);
    assert.equal(moved.code, 0, moved.stderr);
    assert.match(moved.stdout, /moved from stage 1 to stage 2 \(override\)/);
    const records = await withStore((store) => store.listGoLive({ account: 'default', kind: 'STAGE_CHANGED' }));
    assert.deepEqual({ ...records.at(-1), detail: undefined }, { account: 'default', atMs: records.at(-1)?.atMs, kind: 'STAGE_CHANGED', actor: 'bob', reason: 'slippage reviewed by hand', detail: undefined });
    assert.equal(records.at(-1)?.detail.how, 'override');
    const abort = await cli(['stage', 'abort', ...args()]);
    assert.equal(abort.code, 1, 'no abort criterion of stage 2 is met: refused');
  });

  test('reset with the rules file needs the post-mortem and two distinct approvers, then restarts at the previous stage, deactivated', async () => {
    const before = await withStore((store) => store.listGoLive());
    const missing = await cli(['reset', ...args('--reason', 'after halt', '--approved-by', 'alice', '--approved-by', 'ALICE', '--post-mortem', 'PM-7')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /restart\.approvers: a reset needs 2 distinct --approved-by names, was 1/);
    const noPostMortem = await cli(['reset', ...args('--reason', 'after halt', '--approved-by', 'alice', '--approved-by', 'bob')]);
    assert.equal(noPostMortem.code, 2);
    assert.match(noPostMortem.stderr, /restart\.requirePostMortem: a reset needs --post-mortem REF/);
    assert.deepEqual(await withStore((store) => store.listGoLive()), before, 'a refused reset wrote nothing');
    const done = await cli(['reset', ...args('--reason', 'after halt', '--approved-by', 'alice', '--approved-by', 'bob', '--post-mortem', 'PM-7')]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stdout, /restarts at stage 1 \(was 2\); GO-LIVE deactivated/);
    const kinds = (await withStore((store) => store.listGoLive())).slice(before.length).map((record) => record.kind);
    assert.deepEqual(kinds, ['RESTART_SIGNED_OFF', 'STAGE_CHANGED', 'DEACTIVATED']);
  });
});

describe('bad rules input', () => {
  const base = readFileSync(join(CONFIG, 'r1-scale-rules.yaml'), 'utf8');
  const cases: Array<[string, (text: string) => string, RegExp]> = [
    ['an unknown key', (text) => text.replace('launch:\n', 'launch:\n  maxClockSkewMs: 50\n'), /launch.*maxClockSkewMs|Unrecognized key.*maxClockSkewMs/],
    ['a negative bound', (text) => text.replace('maxClockOffsetMs: 100', 'maxClockOffsetMs: -5'), /launch\.maxClockOffsetMs/],
    ['a live stage without capital', (text) => text.replace('capital: 5000', 'capital: 0'), /ladder\[1\]\.capital.*a live stage needs a positive capital/],
    ['a missing pinned file', (text) => text.replace('file: r1-ensemble.yaml', 'file: gone.yaml'), /frozenConfig\.file: the pinned config .*gone\.yaml does not exist/],
  ];
  for (const [name, change, message] of cases) {
    test(`${name}: a clear error with the key path, exit 2, nothing written`, async () => {
      const rulesPath = join(dir, 'bad-rules.yaml');
      copyFileSync(join(CONFIG, 'r1-ensemble.yaml'), join(dir, 'r1-ensemble.yaml'));
      writeFileSync(rulesPath, change(base));
      const before = await withStore((store) => store.listGoLive());
      for (const command of [['launch-guard'], ['stage', 'advance', '--override', '--reason', 'x'], ['go-live', 'activate', '--reason', 'x']]) {
        const run = await cli([...command, '-c', join(CONFIG, 'r1-ensemble.yaml'), '--rules', rulesPath, '--state-dir', stateDir, '--go-live', join(CONFIG, 'go-live.yaml')]);
        assert.equal(run.code, 2, `${command[0]} exits 2, printed ${run.stdout} ${run.stderr}`);
        assert.match(run.stderr, message);
      }
      assert.deepEqual(await withStore((store) => store.listGoLive()), before, 'nothing written');
    });
  }
});
