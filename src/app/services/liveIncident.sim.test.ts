import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { RunnerStore } from '../../engine/live/runnerStore.ts';
import { IncidentOpener } from '../wiring/incidentOpener.ts';
import { ACCOUNT, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';
import { listIncidentFiles } from './incidentService.ts';

describe('a halt of the live runner opens an incident with its snapshot', () => {
  let h: LiveHarness;
  afterEach(async () => {
    await h.close();
  });

  test("the emergency stop's HALT opens one incident: store backup, the venue's position as read then, post-mortem", async () => {
    h = await startLiveHarness({ weight: 0.5 });
    const incidentsDir = join(h.dir, 'reports', 'incidents');
    const venueGateway = h.gateway();
    await venueGateway.connect();
    const opener = new IncidentOpener({ store: h.store, incidentsDir, logger: h.logger, actor: 'test', nowMs: () => Date.now() });
    const runner = h.runner({ store: new RunnerStore(h.store, opener.listener(() => ({ gateway: venueGateway }))) });
    await runner.start();
    h.pushBar(1);
    await runner.onBarClose();
    assert.equal(listIncidentFiles(incidentsDir).length, 0, 'no incident while trading normally');
    // The protective stop is cancelled out of band, then the price collapses: the emergency stop halts.
    const stop = h.sim.state().orders.find((order) => order.type === 'STOP_MARKET' && order.status === 'NEW');
    assert.ok(stop !== undefined);
    await venueGateway.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: stop.clientOrderId, conditional: true });
    h.pushBar(1, 50_000);
    assert.equal((await runner.onBarClose()).skipped, 'HALTED');
    await opener.settle();
    const incidents = listIncidentFiles(incidentsDir);
    assert.equal(incidents.length, 1, incidents.map((incident) => incident.trigger).join(', '));
    const [incident] = incidents;
    assert.equal(incident.trigger, 'EMERGENCY_STOP_HALTED');
    assert.equal(incident.account, ACCOUNT);
    const folder = join(incidentsDir, incident.id);
    const venue = JSON.parse(readFileSync(join(folder, 'venue.json'), 'utf8')) as { positions: Array<{ symbol: string; quantity: string }>; openOrders: unknown[] };
    assert.ok(Array.isArray(venue.positions) && Array.isArray(venue.openOrders), 'the venue was read');
    assert.ok(existsSync(join(folder, 'store.sqlite')));
    const copy = new Database(join(folder, 'store.sqlite'), { readonly: true });
    try {
      const kinds = (copy.prepare('SELECT kind FROM incidents').all() as Array<{ kind: string }>).map((row) => row.kind);
      assert.ok(kinds.includes('EMERGENCY_STOP'), `the backup holds the trigger: ${kinds.join(', ')}`);
    } finally {
      copy.close();
    }
    assert.match(readFileSync(join(folder, 'postmortem.md'), 'utf8'), /\*\*Trigger:\*\* EMERGENCY_STOP_HALTED/);
    assert.equal(h.sim.state().positions.length, 0, 'the snapshot did not hold up the flatten');
    await runner.stop();
  });
});
