import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { SimControlCommand, SimControlKind } from './simControlCommand.ts';
import { SIM_CONTROL_KINDS } from './simControlCommand.ts';
import { callSimControl } from './simControlClient.ts';
import { CONTROL_LOCKOUT } from './simControlRoute.ts';
import { startSimMarketClock, type SimMarketClock } from './simMarketClock.ts';
import type { SimFaultsSnapshot } from './simControl.ts';
import { startVenueSim, type VenueSim } from './startVenueSim.ts';
import { API_KEY, API_SECRET, SIM_SYMBOLS } from './venueSimFixtures.ts';
import { connectWebSocket } from './webSocketClient.ts';

const TOKEN = 'control-token-for-tests';

// One command of every kind; typed by kind, so a kind added to the control surface fails to compile here until it is tried.
const ONE_OF_EACH: { [K in SimControlKind]: Extract<SimControlCommand, { kind: K }> } = {
  latency: { kind: 'latency', ms: 5, path: '/fapi/v1/order', count: 2 },
  http5xxAfterAccept: { kind: 'http5xxAfterAccept', status: 503 },
  http5xx: { kind: 'http5xx', status: 502, path: 'POST /fapi/v1/order' },
  timeoutAfterAccept: { kind: 'timeoutAfterAccept', count: 1 },
  timeout: { kind: 'timeout', path: '/fapi/v2/account' },
  rateLimit: { kind: 'rateLimit', status: 418, retryAfterSeconds: 120, path: '/fapi/v1/order' },
  binanceError: { kind: 'binanceError', code: -2019, msg: 'Margin is insufficient.', httpStatus: 400 },
  orderNotFoundFor: { kind: 'orderNotFoundFor', ms: 2_000 },
  partialFill: { kind: 'partialFill', fraction: 0.5, thenCancel: true },
  clockSkewMs: { kind: 'clockSkewMs', ms: 7_000 },
  userEventsReversed: { kind: 'userEventsReversed' },
  stopPongs: { kind: 'stopPongs' },
  silentFeed: { kind: 'silentFeed' },
  depthGap: { kind: 'depthGap', symbol: 'BTCUSDT', skippedUpdates: 3, missed: { bids: [[59_990, 0]] } },
  dropWebsockets: { kind: 'dropWebsockets' },
  expireListenKeys: { kind: 'expireListenKeys' },
  apiRestrictions: { kind: 'apiRestrictions', enableWithdrawals: true, ipRestrict: false },
  reportedWeight: { kind: 'reportedWeight', weight: 2_300 },
  symbolFilters: { kind: 'symbolFilters', symbol: 'BTCUSDT', minNotional: 500 },
  closeBar: { kind: 'closeBar' },
  price: { kind: 'price', symbol: 'ETHUSDT', price: 2_900 },
  spread: { kind: 'spread', symbol: 'ETHUSDT', spread: 1.5 },
  funding: { kind: 'funding', rate: 0.0001 },
  externalOrder: { kind: 'externalOrder', symbol: 'ETHUSDT', side: 'BUY', quantity: 0.1 },
  accountSettings: { kind: 'accountSettings', symbol: 'BTCUSDT', marginType: 'CROSSED', leverage: 20 },
};

/** A raw HTTP call, so the test sees exactly what the venue answers. */
function call(url: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path, url);
    const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('venue-sim control route /_sim/faults', () => {
  let sim: VenueSim;
  let clock: SimMarketClock;
  const auth = { Authorization: `Bearer ${TOKEN}` };

  before(async () => {
    sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, controlToken: TOKEN });
    // closeBar closes the market clock's bar, as in `rampart venue-sim`.
    clock = startSimMarketClock(sim, SIM_SYMBOLS, { timeframeMs: 3_600_000, historyBars: 0 });
  });
  beforeEach(async () => {
    await callSimControl(sim.url, TOKEN, { method: 'DELETE' });
  });
  after(async () => {
    clock.stop();
    await sim.close();
  });

  test('accepts one command of every kind the in-process API supports, lists what is queued, and clears it all', async () => {
    for (const kind of SIM_CONTROL_KINDS) {
      const answer = await callSimControl(sim.url, TOKEN, { method: 'POST', command: ONE_OF_EACH[kind] });
      assert.ok(answer.ok, `${kind} is accepted: ${answer.ok ? '' : answer.error}`);
    }
    assert.equal(sim.price('ETHUSDT'), 2_900, 'the price command moved the market');
    const venue = sim.state();
    assert.deepEqual(venue.orders.filter((o) => o.clientOrderId === 'web_1').map((o) => [o.symbol, o.side, o.origQty, o.status]), [['ETHUSDT', 'BUY', 0.1, 'FILLED']], 'a foreign order was placed on the account');
    assert.equal(venue.positions.find((p) => p.symbol === 'ETHUSDT')?.positionAmt, 0.1, 'and left a foreign position');
    assert.equal(venue.marginType.BTCUSDT, 'CROSSED', 'the margin type drifted');
    assert.equal(venue.leverage.BTCUSDT, 20, 'and the leverage');
    const listed = await callSimControl(sim.url, TOKEN, { method: 'GET' });
    assert.ok(listed.ok);
    const snapshot = listed.body as SimFaultsSnapshot;
    const queuedKinds = snapshot.queued.map((entry) => entry.fault.kind).sort();
    const expectedQueued = ['binanceError', 'clockSkewMs', 'depthGap', 'http5xx', 'http5xxAfterAccept', 'latency', 'orderNotFoundFor', 'partialFill', 'rateLimit', 'timeout', 'timeoutAfterAccept', 'userEventsReversed'];
    assert.deepEqual(queuedKinds, expectedQueued, 'every fault that waits for a request is listed');
    assert.equal(snapshot.queued.find((entry) => entry.fault.kind === 'latency')?.remaining, 2, 'a counted fault shows its uses left');
    assert.deepEqual(snapshot.streams.sort(), ['silentFeed', 'stopPongs']);
    assert.equal(snapshot.reportedWeight, 2_300);
    assert.equal(snapshot.apiRestrictions.enableWithdrawals, true, 'the key now reports withdrawals enabled');
    assert.deepEqual(snapshot.changedSymbols.map((s) => [s.symbol, s.minNotional]), [['BTCUSDT', 500]]);

    const cleared = await callSimControl(sim.url, TOKEN, { method: 'DELETE' });
    assert.ok(cleared.ok);
    const after = cleared.body as SimFaultsSnapshot;
    assert.deepEqual(after.queued, [], 'nothing queued after clearing');
    assert.deepEqual(after.streams, []);
    assert.equal(after.reportedWeight, null);
    assert.equal(after.apiRestrictions.enableWithdrawals, false, 'the key is back to its first permissions');
    assert.equal(after.apiRestrictions.ipRestrict, true);
    const info = JSON.parse((await call(sim.url, { path: '/fapi/v1/exchangeInfo' })).text) as { symbols: Array<{ symbol: string; filters: Array<{ filterType: string; notional?: string }> }> };
    const btcNotional = info.symbols.find((s) => s.symbol === 'BTCUSDT')?.filters.find((f) => f.filterType === 'MIN_NOTIONAL')?.notional;
    assert.equal(Number(btcNotional), 100, 'the symbol rules are the venue\'s first ones again');
  });

  test('an injected fault acts on the venue\'s next matching request: a 503 once, then a normal answer', async () => {
    const answer = await callSimControl(sim.url, TOKEN, { method: 'POST', command: { kind: 'http5xx', status: 503, path: 'GET /fapi/v1/ping', count: 1 } });
    assert.ok(answer.ok);
    assert.equal((await call(sim.url, { path: '/fapi/v1/ping' })).status, 503, 'the first ping meets the fault');
    assert.equal((await call(sim.url, { path: '/fapi/v1/ping' })).status, 200, 'the fault was used up');
  });

  test('a control call is neither logged nor weighed as a venue request, and no injected fault applies to it', async () => {
    const before = sim.requests().length;
    await callSimControl(sim.url, TOKEN, { method: 'POST', command: { kind: 'http5xx', count: 5 } });
    const listed = await callSimControl(sim.url, TOKEN, { method: 'GET' });
    assert.ok(listed.ok, 'the route answers although every request is to fail with 5xx');
    assert.equal((listed.body as SimFaultsSnapshot).queued[0]?.remaining, 5, 'the fault was not spent on control calls');
    assert.equal(sim.requests().length, before, 'control calls stay out of the venue log');
  });

  test('refuses a caller without the control token with 401 and changes nothing', async () => {
    const noToken = await call(sim.url, { method: 'POST', path: '/_sim/faults', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ kind: 'http5xx' }) });
    assert.equal(noToken.status, 401);
    const wrongToken = await callSimControl(sim.url, 'not-the-token', { method: 'POST', command: { kind: 'http5xx' } });
    assert.deepEqual(wrongToken.ok ? 'accepted' : wrongToken.status, 401);
    const listed = await callSimControl(sim.url, TOKEN, { method: 'GET' });
    assert.deepEqual(listed.ok && (listed.body as SimFaultsSnapshot).queued, [], 'nothing was injected');
  });

  test('refuses an unknown kind or a field the kind does not take with 400, naming the valid kinds', async () => {
    const unknown = await call(sim.url, { method: 'POST', path: '/_sim/faults', headers: auth, body: JSON.stringify({ kind: 'meteor' }) });
    assert.equal(unknown.status, 400);
    assert.match((JSON.parse(unknown.text) as { error: string }).error, /kind must be one of latency, .*symbolFilters, was "meteor"/);
    const extra = await callSimControl(sim.url, TOKEN, { method: 'POST', command: { kind: 'http5xx', ms: 5 } as unknown as SimControlCommand });
    assert.ok(!extra.ok && extra.status === 400 && /ms/.test(extra.error), 'an unknown field is refused, not ignored');
  });

  test('locks the route for a minute after 10 wrong tokens in a row, even for the right token', async () => {
    let clockMs = Date.now();
    const guarded = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, controlToken: TOKEN, nowMs: () => clockMs });
    try {
      for (let attempt = 1; attempt <= CONTROL_LOCKOUT.failures; attempt++) {
        const guess = await callSimControl(guarded.url, `guess-${attempt}`, { method: 'GET' });
        assert.equal(guess.ok ? 200 : guess.status, 401, `wrong token ${attempt} is refused`);
      }
      const locked = await callSimControl(guarded.url, TOKEN, { method: 'POST', command: { kind: 'http5xx' } });
      assert.equal(locked.ok ? 200 : locked.status, 429, 'locked: the right token waits too');
      assert.deepEqual(guarded.queuedFaults(), [], 'nothing injected while locked');
      clockMs += CONTROL_LOCKOUT.lockMs + 1;
      const open = await callSimControl(guarded.url, TOKEN, { method: 'GET' });
      assert.ok(open.ok, 'the lock lifts after its minute');
    } finally {
      await guarded.close();
    }
  });

  test('a venue started without a control token has no control route', async () => {
    const plain = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS });
    try {
      const answer = await call(plain.url, { path: '/_sim/faults', headers: auth });
      assert.equal(answer.status, 404);
    } finally {
      await plain.close();
    }
  });

  test('refuses closeBar with 400 on a venue whose market clock does not run, serving no bar', async () => {
    const clockless = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, controlToken: TOKEN });
    try {
      const answer = await callSimControl(clockless.url, TOKEN, { method: 'POST', command: { kind: 'closeBar' } });
      assert.ok(!answer.ok && answer.status === 400 && /market clock/.test(answer.error), `refused, naming the market clock: ${JSON.stringify(answer)}`);
      const klines = await call(clockless.url, { path: '/fapi/v1/klines?symbol=BTCUSDT&interval=1h' });
      assert.equal(klines.text, '[]');
    } finally {
      await clockless.close();
    }
  });
});

describe('venue-sim input limits', () => {
  test('refuses a request body over the cap with 413 before its signature is checked', async () => {
    const sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, maxRequestBodyBytes: 1024 });
    try {
      const body = `symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001&pad=${'a'.repeat(2048)}&timestamp=1&signature=00`;
      const refused = await call(sim.url, { method: 'POST', path: '/fapi/v1/order', headers: { 'X-MBX-APIKEY': API_KEY, 'Content-Type': 'application/x-www-form-urlencoded' }, body });
      assert.equal(refused.status, 413, 'too large, not "signature invalid"');
      assert.equal(sim.requests().at(-1)?.status, 413, 'the refusal is in the venue log');
      const small = await call(sim.url, { method: 'POST', path: '/fapi/v1/order', headers: { 'X-MBX-APIKEY': API_KEY }, body: 'symbol=BTCUSDT&timestamp=1&signature=00' });
      assert.match(small.text, /-1022/, 'a body under the cap reaches the signature check');
      assert.equal(sim.state().orders.length, 0);
    } finally {
      await sim.close();
    }
  });

  test('closes a websocket whose client sends a message over the cap (1009), without reading it', async () => {
    const sim = await startVenueSim({ apiKey: API_KEY, apiSecret: API_SECRET, symbols: SIM_SYMBOLS, maxWebSocketMessageBytes: 1024 });
    try {
      const client = await connectWebSocket(`${sim.wsUrl}/btcusdt@kline_1m`);
      client.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['x'.repeat(4096)], id: 1 }));
      const messages = client.messages();
      const next = await messages.next();
      assert.equal(next.done, true, 'the venue closed the connection instead of answering');
      assert.ok(!sim.wsEvents().some((event) => event.kind === 'message'), 'the oversized message was never handled');
    } finally {
      await sim.close();
    }
  });
});
