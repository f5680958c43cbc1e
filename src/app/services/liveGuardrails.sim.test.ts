import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { ACCOUNT, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

const entryPosts = (h: LiveHarness, since: number) => h.sim.requests().slice(since).filter((request) => request.method === 'POST' && request.path === '/fapi/v1/order');

/** Bars whose closes alternate 60 000 / 60 100: every true range is 100, so the ATR is 100. */
function pushSwingingBars(h: LiveHarness, count: number): void {
  for (let bar = 0; bar < count; bar++) h.pushBar(0, bar % 2 === 0 ? 60_100 : 60_000);
}

/** The entry of the next bar, with the risk events it caused (their figures as the gate recorded them) and the bar report. */
async function deniedEntry(h: LiveHarness): Promise<{ sent: number; codes: string[]; detail: Record<string, unknown> | undefined; why: string[] }> {
  const runner = h.runner();
  await runner.start();
  const before = h.sim.requests().length;
  // The last swinging bar closed at 60 000: this one's range is 100 as well.
  h.pushBar(1, 60_100);
  const outcome = await runner.onBarClose();
  await runner.stop();
  const why = (outcome.sleeves ?? []).flatMap((row) => row.noOrder.map((each) => `${row.sleeve} ${each.reason} ${each.code ?? ''}`.trim()));
  const events = await h.store.listRiskEvents({ account: ACCOUNT });
  return { sent: entryPosts(h, before).length, codes: events.map((event) => event.code), detail: (events[0]?.detail as { figures?: Record<string, unknown> } | undefined)?.figures, why };
}

describe('live guardrails get their inputs from the venue and the sleeve (local venue, real ccxt client)', () => {
  let h: LiveHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  test('a spread wider than a quarter ATR at the venue denies the entry with SPREAD_TOO_WIDE and its numbers', async () => {
    h = await startLiveHarness();
    pushSwingingBars(h, 20);
    h.sim.setSpread('BTCUSDT', 50);
    const { sent, codes, detail, why } = await deniedEntry(h);
    assert.equal(sent, 0, 'no entry reached the venue');
    assert.deepEqual(codes, ['SPREAD_TOO_WIDE']);
    assert.deepEqual(why, ['btc GUARDRAIL SPREAD_TOO_WIDE'], 'the bar report says why the sleeve sent nothing');
    assert.equal(detail?.maxSpreadAtrFraction, 0.25, 'the moderate preset\'s bound');
    assert.equal(detail?.spreadAtrFraction, 0.5, 'spread 50 over an ATR of 100');
  });

  test('the same entry with a tight book goes out (the guardrail, not the setup, stopped it above)', async () => {
    h = await startLiveHarness();
    pushSwingingBars(h, 20);
    h.sim.setSpread('BTCUSDT', 10);
    const { sent, codes } = await deniedEntry(h);
    assert.deepEqual(codes, [], 'no denial');
    assert.equal(sent, 1, 'the entry was sent');
  });

  test('a decision on a bar that closed long ago denies the entry with DATA_STALE, measured from the bar close', async () => {
    h = await startLiveHarness({ maxDataAgeSec: 60 });
    const lastCloseMs = h.nextBarMs + 60_000;
    const { sent, codes, detail } = await deniedEntry(h);
    assert.equal(sent, 0);
    assert.deepEqual(codes, ['DATA_STALE']);
    assert.equal(detail?.maxDataAgeSec, 60);
    const ageSec = detail?.dataAgeSec as number;
    assert.ok(Math.abs(ageSec - (Date.now() - lastCloseMs) / 1000) < 30, `the age is the bar's (${ageSec} s), not the mark's (about 0 s)`);
  });

  test('a signal whose confidence is below the minimum denies the entry with CONFIDENCE_TOO_LOW', async () => {
    h = await startLiveHarness({ confidence: 0.3 });
    const { sent, codes, detail } = await deniedEntry(h);
    assert.equal(sent, 0);
    assert.deepEqual(codes, ['CONFIDENCE_TOO_LOW']);
    assert.deepEqual([detail?.confidence, detail?.minConfidence], [0.3, 0.5]);
  });
});
