import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ccxt from 'ccxt';
import { createCcxtClientForVenueSim, type VenueSimCcxtClient } from './ccxtForVenueSim.ts';
import { startVenueSim, type VenueSim } from './startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from './venueSimFixtures.ts';

const PATH = '/sapi/v1/account/apiRestrictions';
// Every field Binance documents for GET /sapi/v1/account/apiRestrictions (trading-authority expiry only when set).
const FIELDS = ['ipRestrict', 'createTime', 'enableReading', 'enableFutures', 'enableWithdrawals', 'enableInternalTransfer', 'permitsUniversalTransfer', 'enableVanillaOptions', 'enableMargin', 'enableSpotAndMarginTrading'];

describe('the venue simulator serves the API key permissions (GET /sapi/v1/account/apiRestrictions)', () => {
  let sim: VenueSim;
  let ex: VenueSimCcxtClient;
  before(async () => {
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, apiRestrictions: { enableWithdrawals: true, tradingAuthorityExpirationTime: 1_900_000_000_000 } });
    ex = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: API_SECRET });
  });
  after(async () => {
    await ex.close();
    await sim.close();
  });

  test("ccxt's sapiGetAccountApiRestrictions reaches the sim, signed, and reads every documented field", async () => {
    const raw = (await ex.sapiGetAccountApiRestrictions()) as Record<string, unknown>;
    for (const field of FIELDS) assert.ok(field in raw, `${field} is reported`);
    assert.equal(raw.enableWithdrawals, true, 'the option given at start is reported');
    assert.equal(raw.tradingAuthorityExpirationTime, 1_900_000_000_000);
    assert.equal(raw.enableFutures, true, 'fields not given keep the well-set key defaults');
    assert.equal(raw.ipRestrict, true);
    const request = sim.requests().findLast((entry) => entry.path === PATH);
    assert.equal(request?.status, 200);
    assert.match(request?.query ?? '', /timestamp=\d+.*&signature=[0-9a-f]{64}$/, 'the request carries a timestamp and an HMAC signature');
  });

  test('setApiRestrictions changes what the next request reports', async () => {
    sim.setApiRestrictions({ enableFutures: false, ipRestrict: false });
    const raw = (await ex.sapiGetAccountApiRestrictions()) as Record<string, unknown>;
    assert.equal(raw.enableFutures, false);
    assert.equal(raw.ipRestrict, false);
    assert.equal(raw.enableWithdrawals, true, 'an earlier setting stays');
  });

  test('a wrong secret is refused with -1022 like every signed route', async () => {
    const wrong = createCcxtClientForVenueSim(sim, { apiKey: API_KEY, secret: 'not-the-secret' });
    try {
      await assert.rejects(wrong.sapiGetAccountApiRestrictions(), (error: unknown) => error instanceof ccxt.AuthenticationError && /-1022/.test((error as Error).message));
    } finally {
      await wrong.close();
    }
  });

  test('a wrong API key is refused with -2015', async () => {
    const wrong = createCcxtClientForVenueSim(sim, { apiKey: 'another-key', secret: API_SECRET });
    try {
      await assert.rejects(wrong.sapiGetAccountApiRestrictions(), (error: unknown) => error instanceof ccxt.BaseError && /-2015/.test((error as Error).message));
    } finally {
      await wrong.close();
    }
  });
});
