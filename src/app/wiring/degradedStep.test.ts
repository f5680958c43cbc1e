import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import type Database from 'better-sqlite3';
import { LiveReadiness, LiveStartRefusedError } from '../../engine/live/liveTypes.ts';
import { degraded, isStoreFull } from './degradedStep.ts';
import { ACCOUNT, startLiveHarness, type LiveHarness } from './liveTestSupport.ts';

/** Caps the SQLite file at its size now and fills the incidents table's free space, as a full disk would. */
async function fillIncidents(h: LiveHarness): Promise<Error> {
  const db = (h.store as unknown as { db: Database.Database }).db;
  db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
  for (let index = 0; index < 100_000; index++) {
    try {
      await h.store.recordIncident({ atMs: 0, kind: 'F', severity: 'INFO', detail: { t: 'x'.repeat(2_000) } });
    } catch (error) {
      return error as Error;
    }
  }
  throw new Error('the store never filled up');
}

describe('a runner step that fails does not end the live job (RELIABILITY case 45, issue 12 finding 2)', () => {
  let h: LiveHarness;
  afterEach(async () => {
    await h.close();
  });

  test('a store write refused with SQLITE_FULL becomes an alert_store_full and a NOT_READY account, not an exit', async () => {
    h = await startLiveHarness();
    const full = await fillIncidents(h);
    assert.ok(isStoreFull(full), `SQLite reports the full disk, was ${full.message}`);
    const runner = { account: ACCOUNT, readiness: LiveReadiness.READY as LiveReadiness };
    const outcome = await degraded(h.logger, runner, () => h.store.recordIncident({ atMs: 0, kind: 'F', severity: 'INFO', detail: { t: 'x'.repeat(2_000) } }));
    assert.equal(outcome, undefined, 'the step is abandoned, the job goes on');
    assert.ok(h.logs.some((line) => line.level === 'error' && line.event === 'alert_store_full'), 'alerted as a full store');
    assert.equal(runner.readiness, LiveReadiness.NOT_READY, 'the account reconciles before it trades again');
  });

  test('any other step failure is an alert too; a lost lock still ends the job', async () => {
    h = await startLiveHarness();
    const runner = { account: ACCOUNT, readiness: LiveReadiness.READY as LiveReadiness };
    assert.equal(await degraded(h.logger, runner, () => Promise.reject(new Error('venue answered nonsense'))), undefined);
    assert.ok(h.logs.some((line) => line.event === 'alert_runner_step_failed'), 'alerted');
    await assert.rejects(degraded(h.logger, runner, () => Promise.reject(new LiveStartRefusedError(ACCOUNT, 'LOCKED', 'lost the lock'))), LiveStartRefusedError, 'a refusal is not degraded');
  });
});

test('isStoreFull knows SQLite and the OS by code and message, and nothing else', () => {
  assert.equal(isStoreFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })), true);
  assert.equal(isStoreFull(Object.assign(new Error('write failed'), { code: 'ENOSPC' })), true);
  assert.equal(isStoreFull(new Error('ENOSPC: no space left on device, write')), true);
  assert.equal(isStoreFull(new Error('SQLITE_BUSY: database is locked')), false);
});
