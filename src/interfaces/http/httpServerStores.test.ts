import assert from 'node:assert/strict';
import { ControlSurface } from '../../app/services/controlSurface.ts';
import { riskEventOfDenial } from '../../engine/risk/riskEventRecords.ts';
import { eachStoreKind } from '../../../test/support/eachStoreKind.ts';
import { r1Config, ManualClock } from '../../../test/fixtures/paper/paperFixture.ts';
import { createHttpServer } from './createHttpServer.ts';

const NOW = Date.parse('2024-01-03T13:00:00Z');
const ADMIN = 'admin-token-0123456789abcdef';

eachStoreKind('HTTP server on every store kind: metrics from the records, the admin kill recorded', async (open) => {
  const store = await open();
  const { loaded } = r1Config();
  const app = await createHttpServer(new ControlSurface({ loaded, store, clock: new ManualClock(NOW), env: {}, adminActor: 'http-admin@test' }), { admin: { adminToken: ADMIN } });
  try {
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    await store.recordEquitySnapshot({ account: 'default', atMs: NOW - 1000, equity: '5000.5', walletBalance: '5000.5', unrealizedPnl: '0' });
    await store.recordRiskEvent(riskEventOfDenial({ timeMs: NOW - 500, sleeve: 's1', account: 'default', code: 'DATA_STALE', figures: { dataAgeSec: 900, maxDataAgeSec: 300 } }, { symbol: 'SOLUSDT', strategy: 'x', clientOrderId: null }));
    const before = await (await fetch(`${url}/metrics`)).text();
    assert.ok(before.includes('rampart_equity{account="default"} 5000.5'), 'equity from the store');
    assert.ok(before.includes('rampart_guardrail_rejections_total{account="default",guardrail="data_age"} 1'), 'a data-age guardrail denial');
    assert.ok(before.includes('rampart_trading_state{account="default"} 0'));
    const kill = await fetch(`${url}/api/admin/kill`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` }, body: JSON.stringify({ reason: 'venue outage' }) });
    assert.equal(kill.status, 200);
    assert.equal((await store.loadTradingState('default'))?.state, 'HALTED');
    assert.ok((await (await fetch(`${url}/metrics`)).text()).includes('rampart_trading_state{account="default"} 2'), 'the kill shows in the metrics');
    assert.ok(!(await (await fetch(`${url}/metrics`)).text()).includes('ess_triggers_total{account="default",trigger="'.concat('MANUAL')), 'an operator kill is no ESS trigger');
  } finally {
    await app.close();
  }
});
