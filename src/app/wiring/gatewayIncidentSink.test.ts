import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { RateLimitedError } from '../../domain/errors/exchangeErrors.ts';
import { gatewayIncidentSink, restoreIpBan } from './gatewayIncidentSink.ts';
import { ACCOUNT, startLiveHarness, type LiveHarness } from './liveTestSupport.ts';

describe('an IP ban outlives the process (RELIABILITY case 27)', () => {
  let h: LiveHarness;
  afterEach(async () => {
    await h.close();
  });

  test('a 418 is stored with its end, and a new gateway given it sends nothing until then', async () => {
    h = await startLiveHarness();
    const first = h.gateway({ onIncident: gatewayIncidentSink(h.store, h.logger, ACCOUNT, () => Date.now()) });
    await first.connect();
    h.sim.inject({ kind: 'rateLimit', status: 418, retryAfterSeconds: 30 });
    await assert.rejects(first.fetchBalances(), RateLimitedError);
    await new Promise((done) => setImmediate(done));
    const banned = (await h.store.listIncidents()).find((incident) => incident.kind === 'IP_BANNED');
    assert.ok(banned !== undefined && typeof banned.detail.untilMs === 'number' && banned.detail.untilMs > Date.now() + 20_000, 'stored with the ban end');

    const restarted = h.gateway();
    const untilMs = await restoreIpBan(h.store, restarted, h.logger, ACCOUNT, Date.now());
    assert.equal(untilMs, banned.detail.untilMs, 'the running ban is found');
    const before = h.sim.requests().length;
    await assert.rejects(restarted.connect(), (error: unknown) => error instanceof RateLimitedError && error.banned, 'refused locally as banned');
    assert.equal(h.sim.requests().length, before, 'no request reached the venue');
    assert.ok(h.logs.some((line) => line.event === 'alert_ip_banned' && line.level === 'error'), 'the restart alerts');
  });

  test('a ban that has ended, or one of another account, is not restored', async () => {
    h = await startLiveHarness();
    await h.store.recordIncident({ atMs: Date.now() - 60_000, kind: 'IP_BANNED', severity: 'CRITICAL', detail: { account: ACCOUNT, untilMs: Date.now() - 1_000 } });
    await h.store.recordIncident({ atMs: Date.now(), kind: 'IP_BANNED', severity: 'CRITICAL', detail: { account: 'other', untilMs: Date.now() + 60_000 } });
    const gateway = h.gateway();
    assert.equal(await restoreIpBan(h.store, gateway, h.logger, ACCOUNT, Date.now()), undefined);
    await gateway.connect();
  });
});
