import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { incidentMetricsAt } from './incidentMetrics.ts';
import { incidentTimeline } from './incidentTimeline.ts';
import { incidentTrigger } from './incidentTrigger.ts';
import { missingBeforeClose, renderPostmortem, TO_FILL } from './postmortem.ts';

const T0 = Date.UTC(2026, 2, 2, 12);

function template(): string {
  return renderPostmortem({ id: 'inc-1', account: 'main', trigger: 'EMERGENCY_STOP_HALTED', reason: 'daily loss 5.2 % > 5 %', severity: 'CRITICAL', openedAtMs: T0, timeline: [{ atMs: T0 - 60_000, event: 'trading state ACTIVE → HALTED by emergency stop: daily loss' }], before: { equity: 10_000, runningMaxDrawdownPct: 1.5, sharpe20d: 1.234 }, after: { equity: 9_480, runningMaxDrawdownPct: 5.2, sharpe20d: Number.NaN }, snapshotNotes: ['venue not read: no keys'] });
}

describe('post-mortem', () => {
  test('fills the template with trigger, timeline, snapshot notes and metrics before and at the snapshot', () => {
    const md = template();
    assert.match(md, /^# Post-Mortem: inc-1 2026-03-02$/m);
    assert.match(md, /\*\*Trigger:\*\* EMERGENCY_STOP_HALTED: daily loss 5\.2 % > 5 %/);
    assert.match(md, /\| 2026-03-02 11:59:00 \| trading state ACTIVE → HALTED by emergency stop: daily loss \|/);
    assert.match(md, /- venue not read: no keys/);
    assert.match(md, /\| Account Balance \| 10000\.00 \| 9480\.00 \|/);
    assert.match(md, /\| Running MDD \| 1\.50 % \| 5\.20 % \|/);
    assert.match(md, /\| 20D Sharpe \| 1\.23 \| n\/a \|/);
    assert.match(md, /equity 10000\.00 before → 9480\.00 at the snapshot \(-520\.00\)/);
  });

  test('refuses to close while the root cause and the restart decision are placeholders', () => {
    const missing = missingBeforeClose(template());
    assert.equal(missing.length, 2, missing.join('\n'));
    assert.match(missing[0], /Root Cause/);
    assert.match(missing[1], /Restart Decision/);
  });

  test('accepts the post-mortem once both are written, and names the one still missing otherwise', () => {
    const withCause = template().replace(`## Root Cause\n${TO_FILL}`, '## Root Cause\nThe stop was cancelled by hand on the venue.');
    assert.deepEqual(missingBeforeClose(withCause).length, 1);
    assert.match(missingBeforeClose(withCause)[0], /Restart Decision/);
    const done = withCause.replace(/- \*\*Decision:\*\*.*$/m, '- **Decision:** RESTART at stage 1 after the launch guard passes');
    assert.deepEqual(missingBeforeClose(done), []);
    assert.match(missingBeforeClose(done.replace('## Root Cause', '## Cause'))[0], /"## Root Cause" section is missing/);
  });
});

describe('incident triggers', () => {
  const row = (kind: string, detail: Record<string, string | string[]>) => ({ atMs: T0, kind, severity: 'CRITICAL' as const, detail });
  test('a HALT, a FLATTEN_ALL, a PAUSE or a failed reconciliation opens an incident; REDUCING and other kinds do not', () => {
    assert.equal(incidentTrigger(row('EMERGENCY_STOP', { account: 'main', state: 'HALTED', reason: 'x' }))?.kind, 'EMERGENCY_STOP_HALTED');
    assert.equal(incidentTrigger(row('RISK_STATE_CHANGE', { account: 'main', state: 'HALTED' }))?.kind, 'RISK_STATE_CHANGE_HALTED');
    assert.equal(incidentTrigger(row('EMERGENCY_STOP', { account: 'main', state: 'REDUCING' })), undefined);
    assert.equal(incidentTrigger(row('RISK_GUARD_FLATTEN_ALL', { account: 'main', reasons: ['MDD 13 % > 12 %', '30d −11 %'] }))?.reason, 'MDD 13 % > 12 %; 30d −11 %');
    assert.equal(incidentTrigger(row('RISK_GUARD_PAUSE', { account: 'main' }))?.kind, 'RISK_GUARD_PAUSE');
    assert.equal(incidentTrigger(row('POSITION_MISMATCH', { account: 'main' }))?.kind, 'RECONCILIATION_POSITION_MISMATCH');
    assert.equal(incidentTrigger(row('NOT_READY', { account: 'main', reason: 'venue down' }))?.reason, 'venue down');
    assert.equal(incidentTrigger(row('PROTECTIVE_STOP_FAILED', { account: 'main' })), undefined);
    assert.equal(incidentTrigger(row('EMERGENCY_STOP', { state: 'HALTED' })), undefined, 'no account: nothing to snapshot');
  });
});

describe('incident figures and timeline', () => {
  test('metrics before a moment use only the snapshots up to it', () => {
    const snapshots = [
      { atMs: T0, equity: 100 },
      { atMs: T0 + 1, equity: 120 },
      { atMs: T0 + 2, equity: 90 },
      { atMs: T0 + 3, equity: 95 },
    ];
    const before = incidentMetricsAt(snapshots, T0 + 1);
    assert.equal(before.equity, 120);
    assert.equal(before.runningMaxDrawdownPct, 0);
    const after = incidentMetricsAt(snapshots, T0 + 3);
    assert.equal(after.equity, 95);
    assert.ok(Math.abs(after.runningMaxDrawdownPct - 25) < 1e-9, '120 → 90 is 25 %');
    assert.ok(Number.isNaN(after.sharpe20d), 'one day of record has no 20-day Sharpe');
    assert.ok(Number.isNaN(incidentMetricsAt(snapshots, T0 - 1).equity));
  });

  test('the timeline merges the sources in time order within the window', () => {
    const timeline = incidentTimeline(
      {
        transitions: [{ account: 'main', atMs: T0 + 5, state: 'HALTED', previousState: 'ACTIVE', reason: 'r', actor: 'emergency stop' }],
        incidents: [{ atMs: T0 + 5, kind: 'EMERGENCY_STOP', severity: 'CRITICAL', detail: { reason: 'loss' } }],
        riskGuardDecisions: [{ account: 'main', atMs: T0 - 10, decision: 'REDUCE', sizeMultiplier: 0.5, detail: {} }],
        fills: [{ atMs: T0 + 1, symbol: 'BTCUSDT', side: 'BUY', quantity: '0.1', price: '60000' }, { atMs: T0 + 100, symbol: 'BTCUSDT', side: 'SELL', quantity: '0.1', price: '50000' }],
      },
      T0,
      T0 + 50,
    );
    assert.deepEqual(timeline.map((entry) => entry.event), ['fill BUY 0.1 BTCUSDT @ 60000', 'trading state ACTIVE → HALTED by emergency stop: r', 'incident EMERGENCY_STOP (CRITICAL): loss']);
  });
});
