import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FailoverEvent } from './failoverEvent.ts';
import { acknowledgeFailovers, decideFailover, type AccountHealth, type FailoverSettings, type SleeveRoute } from './failoverPolicy.ts';

const route: SleeveRoute = { sleeve: 'btc-trend', primary: 'main', fallbacks: ['backup', 'third'] };
const settings: FailoverSettings = { degradedForMs: 60_000, failbackAfterHealthyMs: 300_000, maxSwitchesPerWindow: 3, switchWindowMs: 3_600_000 };
const healthy = (sinceMs = 0): AccountHealth => ({ state: 'HEALTHY', stateSinceMs: sinceMs });

/** A sleeve driven step by step, its events kept as a store would keep them. */
function sleeveUnderTest() {
  const stored: FailoverEvent[] = [];
  return {
    stored,
    step(nowMs: number, health: Record<string, AccountHealth>, holder?: string) {
      const decision = decideFailover({ route, settings, events: stored, nowMs, health: (account) => health[account], holder, actor: 'runner@test' });
      stored.push(...decision.events);
      return decision;
    },
  };
}

describe('decideFailover', () => {
  it('sends entries to the primary while it is healthy', () => {
    const decision = sleeveUnderTest().step(1_000, { main: healthy(), backup: healthy() });
    assert.equal(decision.routing.entryAccount, 'main');
    assert.deepEqual(decision.events, []);
  });

  it('moves new entries to the first healthy fallback when the primary is DOWN', () => {
    const sleeve = sleeveUnderTest();
    const decision = sleeve.step(1_000, { main: { state: 'DOWN', stateSinceMs: 900 }, backup: { state: 'DEGRADED', stateSinceMs: 0 }, third: healthy() });
    assert.equal(decision.routing.entryAccount, 'third', 'backup is DEGRADED: the first HEALTHY fallback is third');
    assert.deepEqual(decision.events.map((event) => [event.kind, event.fromAccount, event.toAccount]), [['FAILOVER', 'main', 'third']]);
    assert.equal(sleeve.step(2_000, { main: { state: 'DOWN', stateSinceMs: 900 }, third: healthy() }).events.length, 0, 'one switch, not one per evaluation');
  });

  it('waits for a DEGRADED primary to stay degraded for the configured time before switching', () => {
    const sleeve = sleeveUnderTest();
    const degraded = { main: { state: 'DEGRADED' as const, stateSinceMs: 10_000 }, backup: healthy() };
    assert.equal(sleeve.step(69_999, degraded).routing.entryAccount, 'main', '59.999 s degraded: not yet');
    assert.equal(sleeve.step(70_000, degraded).routing.entryAccount, 'backup', '60 s degraded: failed over');
  });

  it('keeps exits on the account holding the position and marks it NOT_READY while that account is down, without hedging', () => {
    const sleeve = sleeveUnderTest();
    const down = { main: { state: 'DOWN' as const, stateSinceMs: 0 }, backup: healthy() };
    const decision = sleeve.step(1_000, down, 'main');
    assert.equal(decision.routing.exitAccount, 'main', 'the position stays where it is');
    assert.match(decision.routing.notReadyReason ?? '', /position on main/);
    assert.deepEqual(decision.events.map((event) => event.kind), ['NOT_READY', 'FAILOVER']);
    const back = sleeve.step(5_000, { main: healthy(4_000), backup: healthy() }, 'main');
    assert.equal(back.routing.exitAccount, 'main');
    assert.equal(back.routing.notReadyReason, undefined);
    assert.deepEqual(back.events.map((event) => event.kind), ['READY'], 'no failback while the primary is healthy for less than 300 s');
  });

  it('fails back only after the primary is healthy for the configured time and the sleeve is flat on the fallback', () => {
    const sleeve = sleeveUnderTest();
    sleeve.step(1_000, { main: { state: 'DOWN', stateSinceMs: 0 }, backup: healthy() });
    const recovered = { main: healthy(10_000), backup: healthy() };
    assert.equal(sleeve.step(309_999, recovered).routing.entryAccount, 'backup', 'healthy for 299.999 s');
    assert.equal(sleeve.step(310_000, recovered, 'backup').routing.entryAccount, 'backup', 'a position still open on the fallback keeps the sleeve there');
    const decision = sleeve.step(320_000, recovered);
    assert.equal(decision.routing.entryAccount, 'main');
    assert.deepEqual(decision.events.map((event) => [event.kind, event.fromAccount, event.toAccount]), [['FAILBACK', 'backup', 'main']]);
  });

  it('stops new entries after three switches within an hour until an operator acknowledges', () => {
    const sleeve = sleeveUnderTest();
    const down = (atMs: number) => ({ state: 'DOWN' as const, stateSinceMs: atMs });
    sleeve.step(1_000, { main: down(0), backup: healthy() });
    sleeve.step(400_000, { main: healthy(0), backup: healthy() });
    const third = sleeve.step(800_000, { main: down(790_000), backup: healthy() });
    assert.deepEqual(third.events.map((event) => event.kind), ['FAILOVER', 'ENTRIES_STOPPED']);
    assert.equal(third.routing.entryAccount, undefined);
    assert.match(third.routing.entriesBlockedReason ?? '', /exchanges ack/);
    assert.equal(sleeve.step(900_000, { main: down(790_000), backup: healthy() }).routing.entryAccount, undefined, 'still stopped');
    sleeve.stored.push(acknowledgeFailovers(route, 950_000, 'ops@desk', 'venue incident understood'));
    assert.equal(sleeve.step(960_000, { main: down(790_000), backup: healthy() }).routing.entryAccount, 'backup', 'acknowledged: entries resume on the fallback');
  });

  it('does not count switches older than the window', () => {
    const sleeve = sleeveUnderTest();
    const down = (atMs: number) => ({ state: 'DOWN' as const, stateSinceMs: atMs });
    sleeve.step(1_000, { main: down(0), backup: healthy() });
    sleeve.step(400_000, { main: healthy(0), backup: healthy() });
    const later = sleeve.step(4_000_000, { main: down(3_900_000), backup: healthy() });
    assert.deepEqual(later.events.map((event) => event.kind), ['FAILOVER'], 'the first switch is more than an hour old');
  });

  it('blocks entries when the active account failed and no fallback is healthy', () => {
    const decision = sleeveUnderTest().step(1_000, { main: { state: 'DOWN', stateSinceMs: 0 }, backup: { state: 'DOWN', stateSinceMs: 0 } });
    assert.equal(decision.routing.entryAccount, undefined);
    assert.match(decision.routing.entriesBlockedReason ?? '', /no fallback is HEALTHY/);
  });
});
