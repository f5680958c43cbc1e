import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GLOBAL_ACCOUNT, TradingStates } from './tradingState.ts';
import { InputError } from '../domain/errors/inputError.ts';

describe('TradingStates', () => {
  test('escalates ACTIVE → REDUCING → HALTED and never back down by a trigger', () => {
    const states = new TradingStates();
    assert.equal(states.escalate('main', 'REDUCING', 'WEEKLY_DRAWDOWN', 1, { drawdownPct: 2.1 }), true);
    assert.equal(states.escalate('main', 'HALTED', 'TOTAL_LOSS', 2, {}), true);
    assert.equal(states.escalate('main', 'REDUCING', 'CONSECUTIVE_LOSSES', 3, {}), false, 'a milder trigger does not lift HALTED');
    assert.equal(states.accountState('main'), 'HALTED');
    assert.deepEqual(
      states.events.map((e) => [e.from, e.to, e.trigger]),
      [
        ['ACTIVE', 'REDUCING', 'WEEKLY_DRAWDOWN'],
        ['REDUCING', 'HALTED', 'TOTAL_LOSS'],
      ],
    );
    assert.deepEqual(states.events[0].figures, { drawdownPct: 2.1 }, 'the event carries its figures');
  });

  test('a restart never clears HALTED: fromJSON(toJSON()) keeps it', () => {
    const states = new TradingStates();
    states.kill('main', 'operator drill', 100);
    const restored = TradingStates.fromJSON(JSON.parse(JSON.stringify(states.toJSON())));
    assert.equal(restored.accountState('main'), 'HALTED', 'HALTED survives a JSON round trip');
    assert.equal(restored.events.length, 1, 'the transition history survives too');
  });

  test('reset needs a reason', () => {
    const states = new TradingStates();
    states.kill('main', 'drill', 1);
    assert.throws(() => states.reset('main', '  ', 2), InputError);
    assert.equal(states.accountState('main'), 'HALTED', 'a refused reset leaves the account halted');
    states.reset('main', 'drill finished', 3);
    assert.equal(states.accountState('main'), 'ACTIVE');
    assert.equal(states.events.at(-1)?.reason, 'drill finished', 'the reason is recorded on the event');
  });

  test('the global state governs every account', () => {
    const states = new TradingStates();
    states.kill(GLOBAL_ACCOUNT, 'exchange incident', 1);
    assert.equal(states.effectiveState('any-account'), 'HALTED');
    assert.equal(states.accountState('any-account'), 'ACTIVE', 'the account itself was not touched');
  });

  test('a REDUCING cooldown lifts only when due, HALTED never lifts by itself', () => {
    const states = new TradingStates();
    states.escalate('a', 'REDUCING', 'DAILY_DRAWDOWN', 0, {}, { releaseAtMs: 1_000 });
    assert.equal(states.releaseIfDue('a', 999), false);
    assert.equal(states.releaseIfDue('a', 1_000), true);
    assert.equal(states.accountState('a'), 'ACTIVE');
    states.escalate('b', 'HALTED', 'TOTAL_LOSS', 0, {}, { releaseAtMs: 1_000 });
    assert.equal(states.releaseIfDue('b', 10_000), false, 'HALTED needs a reset');
  });

  test('fromJSON rejects an unknown state', () => {
    assert.throws(() => TradingStates.fromJSON({ accounts: { main: { state: 'PAUSED' as never, trigger: null, sinceMs: 0, releaseAtMs: null } }, events: [] }), InputError);
  });
});
