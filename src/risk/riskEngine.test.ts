import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RiskEngine } from './riskEngine.ts';
import { riskConfigSchema, type RiskConfigInput } from './riskConfig.ts';
import { FIXTURE_TIME_MS, intentOf, marketOf, positionOf, snapshotOf, workingOf } from './riskFixtures.ts';
import { InputError } from '../domain/errors/inputError.ts';
import type { RiskDecision } from './riskDecision.ts';

const normalAccount: RiskConfigInput = { accounts: { main: 'normal' } };

function codeOf(decision: RiskDecision): string {
  return decision.kind === 'denied' ? decision.denial.code : decision.kind;
}

describe('RiskEngine.check', () => {
  test('an account without a profile trades under micro', () => {
    const engine = RiskEngine.fromConfig({});
    assert.equal(engine.profileOf('unknown').name, 'micro');
    // micro: 0.2% of 10,000 = 20 at risk; assumed 5% stop of 40,000 = 2,000 → 0.01 BTC fits exactly.
    assert.equal(codeOf(engine.check(intentOf({ quantity: 0.01 }), snapshotOf())), 'approved');
  });

  test('resizes a too-large order to the risk per trade, with the original and new size', () => {
    const engine = RiskEngine.fromConfig(normalAccount);
    // normal: 1% of 10,000 = 100 at risk over a 2,000 stop → 0.05 BTC (2,000 of margin, within the 30% symbol limit).
    const decision = engine.check(intentOf({ quantity: 0.2, stopDistance: 2_000 }), snapshotOf());
    assert.deepEqual(decision, { kind: 'resized', originalQuantity: 0.2, quantity: 0.05, reason: 'RISK_PER_TRADE' });
  });

  test('denies an entry past the daily drawdown with the figures, but lets the exit through', () => {
    const engine = RiskEngine.fromConfig(normalAccount);
    const snapshot = snapshotOf({ equity: 9_770, positions: { BTCUSDT: positionOf(0.01) } });
    const entry = engine.check(intentOf({ sleeve: 'a' }), snapshot);
    assert.equal(entry.kind, 'denied');
    if (entry.kind === 'denied' && entry.denial.code === 'DAILY_DRAWDOWN_EXCEEDED') {
      assert.equal(entry.denial.limitPct, 2);
      assert.ok(Math.abs(entry.denial.drawdownPct - 2.3) < 1e-9);
    } else assert.fail(`expected DAILY_DRAWDOWN_EXCEEDED, was ${codeOf(entry)}`);
    assert.equal(codeOf(engine.check(intentOf({ sleeve: 'b', side: 'sell', quantity: 0.01 }), snapshot)), 'approved', 'closing is never blocked by drawdown');
  });

  test('denies an order that only breaches the exposure limit together with working orders', () => {
    const engine = RiskEngine.fromConfig({ accounts: { main: 'MEDIUM' } });
    // MEDIUM caps a symbol at $2,000 = 0.05 BTC.
    const alone = snapshotOf();
    const withWorking = snapshotOf({ workingOrders: [workingOf('BTCUSDT', 'buy', 0.03, 40_000)] });
    assert.equal(codeOf(engine.check(intentOf({ quantity: 0.04, sleeve: 'a' }), alone)), 'approved');
    const decision = engine.check(intentOf({ quantity: 0.04, sleeve: 'b' }), withWorking);
    assert.equal(decision.kind, 'resized', 'the sizer shrinks it to the room left');
    assert.ok(decision.kind === 'resized' && Math.abs(decision.quantity - 0.02) < 1e-12, 'room left is 0.02 BTC');
    const full = snapshotOf({ workingOrders: [workingOf('BTCUSDT', 'buy', 0.05, 40_000)] });
    assert.equal(codeOf(engine.check(intentOf({ quantity: 0.01, sleeve: 'c' }), full)), 'POSITION_NOTIONAL_EXCEEDED');
  });

  test('rejects a fat-finger order and a price away from the mark', () => {
    const engine = RiskEngine.fromConfig({ ...normalAccount, sanity: { maxOrderQuantity: { BTCUSDT: 1 } } });
    assert.equal(codeOf(engine.check(intentOf({ quantity: 1_000 }), snapshotOf())), 'QUANTITY_EXCEEDS_MAX_PER_ORDER');
    assert.equal(codeOf(engine.check(intentOf({ price: 44_000 }), snapshotOf())), 'PRICE_OUTSIDE_COLLAR');
  });

  test('fails closed on a missing mark even for an exit', () => {
    const engine = RiskEngine.fromConfig(normalAccount);
    const snapshot = snapshotOf({ positions: { BTCUSDT: positionOf(0.01) }, markets: {} });
    assert.equal(codeOf(engine.check(intentOf({ side: 'sell', reduceOnly: true }), snapshot)), 'MARK_PRICE_UNAVAILABLE');
  });

  test('blocks a duplicate within the window and allows it after', () => {
    const engine = RiskEngine.fromConfig(normalAccount);
    assert.equal(codeOf(engine.check(intentOf(), snapshotOf())), 'approved');
    assert.equal(codeOf(engine.check(intentOf({ timeMs: FIXTURE_TIME_MS + 500 }), snapshotOf())), 'DUPLICATE_ORDER');
    const later = FIXTURE_TIME_MS + 2_000;
    assert.equal(codeOf(engine.check(intentOf({ timeMs: later }), snapshotOf({ markets: { BTCUSDT: marketOf({ markTimeMs: later }) } }))), 'approved');
  });

  test('a message storm is throttled, then disables trading until a person re-enables it', () => {
    const engine = RiskEngine.fromConfig({ ...normalAccount, sanity: { maxOrdersPerWindow: 5, breachesToHalt: 3 } });
    const decisions: string[] = [];
    for (let i = 0; i < 400; i++) {
      const timeMs = FIXTURE_TIME_MS + i * 10; // 100 intents per second for 4 s
      const snapshot = snapshotOf({ markets: { BTCUSDT: marketOf({ markTimeMs: timeMs }) } });
      decisions.push(codeOf(engine.check(intentOf({ timeMs, quantity: 0.001 + i * 1e-6 }), snapshot)));
    }
    assert.equal(decisions.filter((code) => code === 'approved').length, 15, '5 per second until the third breaching second halts');
    assert.equal(engine.tradingState('main'), 'HALTED');
    assert.equal(decisions.at(-1), 'TRADING_HALTED');
    assert.equal(engine.states.events.at(-1)?.trigger, 'ORDER_THROTTLE');
    const after = FIXTURE_TIME_MS + 3_600_000;
    const snapshot = snapshotOf({ markets: { BTCUSDT: marketOf({ markTimeMs: after }) } });
    assert.equal(codeOf(engine.check(intentOf({ timeMs: after }), snapshot)), 'TRADING_HALTED', 'time alone does not re-enable');
    assert.throws(() => engine.reset('main', '', after), InputError);
    engine.reset('main', 'strategy fixed', after);
    assert.equal(codeOf(engine.check(intentOf({ timeMs: after }), snapshot)), 'approved');
  });

  test('HALTED lets only reduce-only flattening through, and survives a restart', () => {
    const config = riskConfigSchema.parse(normalAccount);
    const engine = new RiskEngine(config);
    engine.kill('main', 'drill', FIXTURE_TIME_MS);
    const restarted = RiskEngine.fromJSON(config, JSON.parse(JSON.stringify(engine.toJSON())));
    const snapshot = snapshotOf({ positions: { BTCUSDT: positionOf(0.02) } });
    assert.equal(codeOf(restarted.check(intentOf({ sleeve: 'a' }), snapshot)), 'TRADING_HALTED', 'no entry after restart');
    assert.equal(codeOf(restarted.check(intentOf({ sleeve: 'b', side: 'sell', quantity: 0.02 }), snapshot)), 'TRADING_HALTED', 'a plain close is not a reduce-only flatten');
    assert.equal(codeOf(restarted.check(intentOf({ sleeve: 'c', side: 'sell', quantity: 0.02, reduceOnly: true }), snapshot)), 'approved');
  });

  test('checkAdmission answers what check answers first, from the position alone', () => {
    const engine = RiskEngine.fromConfig(normalAccount);
    const long = snapshotOf({ positions: { BTCUSDT: positionOf(0.02) } });
    const cases = [intentOf(), intentOf({ side: 'sell', quantity: 0.05 }), intentOf({ side: 'sell', quantity: 0.02, reduceOnly: true }), intentOf({ quantity: -1 })];
    const admissions = () => cases.map((intent) => engine.checkAdmission(intent, 0.02, undefined));
    assert.deepEqual(admissions().slice(0, 3), [0.01, 0.05, 0.02], 'ACTIVE admits the asked quantity');
    assert.equal(typeof admissions()[3], 'object', 'an invalid quantity is denied before the state');
    engine.states.reduce('main', 'winding down', FIXTURE_TIME_MS);
    assert.deepEqual(admissions().slice(0, 3), [{ code: 'TRADING_REDUCING', positionQuantity: 0.02, orderQuantity: 0.01 }, 0.02, 0.02], 'REDUCING: no entry, a flip clipped to the close');
    engine.kill('main', 'drill', FIXTURE_TIME_MS);
    const halted = admissions();
    assert.deepEqual(halted.slice(0, 3), [{ code: 'TRADING_HALTED', scope: 'account' }, { code: 'TRADING_HALTED', scope: 'account' }, 0.02], 'HALTED: only the reduce-only close');
    // Every denial here is the one check() returns with a full snapshot.
    cases.forEach((intent, i) => {
      const admitted = halted[i];
      if (typeof admitted !== 'number') assert.deepEqual(engine.check(intent, long), { kind: 'denied', denial: admitted });
    });
  });

  test('REDUCING clips a flip to a close', () => {
    const engine = RiskEngine.fromConfig(normalAccount);
    engine.states.reduce('main', 'winding down', FIXTURE_TIME_MS);
    const decision = engine.check(intentOf({ side: 'sell', quantity: 0.05 }), snapshotOf({ positions: { BTCUSDT: positionOf(0.02) } }));
    assert.deepEqual(decision, { kind: 'resized', originalQuantity: 0.05, quantity: 0.02, reason: 'REDUCING_CLIPPED' });
  });

  test('the snapshot trading state is applied when more severe', () => {
    const engine = RiskEngine.fromConfig(normalAccount);
    const decision = engine.check(intentOf(), snapshotOf({ tradingState: 'HALTED' }));
    assert.deepEqual(decision, { kind: 'denied', denial: { code: 'TRADING_HALTED', scope: 'external' } });
  });

  test('guardrails stop entries on stale data and low confidence but not exits', () => {
    const engine = RiskEngine.fromConfig({ ...normalAccount, guardrails: { preset: 'conservative' } });
    const stale = snapshotOf({ markets: { BTCUSDT: marketOf({ markTimeMs: FIXTURE_TIME_MS - 45_000 }) }, positions: { BTCUSDT: positionOf(0.01) } });
    assert.equal(codeOf(engine.check(intentOf({ sleeve: 'a' }), stale)), 'DATA_STALE', 'conservative allows 30 s');
    assert.equal(codeOf(engine.check(intentOf({ sleeve: 'b', side: 'sell' }), stale)), 'approved');
    assert.equal(codeOf(engine.check(intentOf({ sleeve: 'c', confidence: 0.55 }), snapshotOf())), 'CONFIDENCE_TOO_LOW');
  });

  test('the volatility clamp scales entries in moderate mode', () => {
    const engine = RiskEngine.fromConfig({ ...normalAccount, profileGuard: { assumedStopPct: 100 } });
    // ATR 6,400 on 40,000 is 16%, twice moderate's 8% → half size. Risk: 1% of 10,000 / 40,000 stop = 0.0025 BTC.
    const decision = engine.check(intentOf({ quantity: 0.002 }), snapshotOf({ markets: { BTCUSDT: marketOf({ atr: 6_400 }) } }));
    assert.deepEqual(decision, { kind: 'resized', originalQuantity: 0.002, quantity: 0.001, reason: 'VOLATILITY_SCALE' });
  });

  test('an unknown profile name is refused at construction', () => {
    assert.throws(() => RiskEngine.fromConfig({ accounts: { main: 'yolo' } }), (error: unknown) => error instanceof InputError && /accounts\.main.*"yolo"/.test(error.message));
  });
});

describe('RiskEngine.status', () => {
  test('OK when far from limits, WARNING past 80% of one, CRITICAL on breach or halt', () => {
    const engine = RiskEngine.fromConfig(normalAccount);
    assert.equal(engine.status('main', snapshotOf()).level, 'OK');
    assert.equal(engine.status('main', snapshotOf({ equity: 9_830 })).level, 'WARNING', '1.7% of a 2% daily limit');
    assert.equal(engine.status('main', snapshotOf({ equity: 9_790 })).level, 'CRITICAL', '2.1% breaches the daily limit');
    engine.kill('main', 'drill', 0);
    assert.equal(engine.status('main', snapshotOf()).level, 'CRITICAL', 'a halt is critical');
  });
});

describe('riskConfigSchema', () => {
  test('fills every default from an empty object', () => {
    const config = riskConfigSchema.parse({});
    assert.equal(config.portfolio.maxMarginPct, 80);
    assert.equal(config.portfolio.maxSymbolExposurePct, 30);
    assert.equal(config.emergency.totalLoss.lossPct, 10);
    assert.equal(config.emergency.consecutiveLosses.count, 5);
    assert.equal(config.guardrails.preset, 'moderate');
  });

  test('rejects unknown keys and unknown blocked sessions', () => {
    assert.equal(riskConfigSchema.safeParse({ sanity: { maxOrderNotionl: 5 } }).success, false, 'a typo is an error, not ignored');
    assert.equal(riskConfigSchema.safeParse({ guardrails: { blockedSessions: ['sydney'] } }).success, false);
  });
});
