import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startVenueSim, type VenueSim } from './startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from './venueSimFixtures.ts';

describe('venue sim: failures before acceptance and reported request weight', () => {
  let sim: VenueSim;
  before(async () => {
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
  });
  after(async () => {
    await sim.close();
  });

  test('http5xx answers 503 on any path for `count` requests, then the venue serves again', async () => {
    sim.inject({ kind: 'http5xx', count: 2 });
    const statuses: number[] = [];
    for (const path of ['/fapi/v1/time', '/fapi/v1/exchangeInfo', '/fapi/v1/time']) statuses.push((await fetch(sim.url + path)).status);
    assert.deepEqual(statuses, [503, 503, 200], 'two refusals on different paths, then an answer');
  });

  test('setReportedWeight raises X-MBX-USED-WEIGHT-1M until it is cleared', async () => {
    sim.setReportedWeight(2_000);
    const high = (await fetch(sim.url + '/fapi/v1/time')).headers.get('x-mbx-used-weight-1m');
    sim.setReportedWeight(undefined);
    const own = (await fetch(sim.url + '/fapi/v1/time')).headers.get('x-mbx-used-weight-1m');
    assert.equal(high, '2000', 'the reported weight includes the injected usage');
    assert.ok(Number(own) < 2_000, `after clearing, only the sim's own count is reported (was ${own})`);
  });
});
