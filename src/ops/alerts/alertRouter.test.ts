import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Alert, AlertChannel, AlertSeverity } from '../../ports/alertChannel.ts';
import { AlertRouter, type AlertRouterSettings, type DeliveryProblem } from './alertRouter.ts';
import { ManualScheduler } from './testing/manualScheduler.ts';

/** A channel that records what it was sent and fails its first `failures` sends. */
class RecordingChannel implements AlertChannel {
  readonly sent: Alert[] = [];
  attempts = 0;
  constructor(
    readonly name: string,
    private failures = 0,
  ) {}
  async send(alert: Alert): Promise<void> {
    this.attempts++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error(`${this.name} is down`);
    }
    this.sent.push(alert);
  }
}

const SETTINGS: AlertRouterSettings = { dedupWindowMs: 60_000, rateLimit: { maxAlerts: 2, windowMs: 10_000 }, retry: { attempts: 3, initialDelayMs: 1_000, maxDelayMs: 1_500 } };

function fixture(channels: Array<{ channel: RecordingChannel; minSeverity?: AlertSeverity }>, settings: AlertRouterSettings = SETTINGS) {
  const clock = new ManualScheduler();
  const problems: DeliveryProblem[] = [];
  const router = new AlertRouter({ routes: channels.map(({ channel, minSeverity }) => ({ channel, minSeverity: minSeverity ?? 'info' })), settings, nowMs: () => clock.nowMs, schedule: clock.schedule, onProblem: (problem) => problems.push(problem) });
  const alert = (key: string, severity: AlertSeverity = 'critical', group = key): Alert => ({ key, group, event: `alert_${key}`, severity, title: key, fields: {}, atMs: clock.nowMs });
  return { clock, problems, router, alert };
}

describe('AlertRouter', () => {
  test('sends the same alert key once within the dedup window, however often it is published (not once per bar)', async () => {
    const slack = new RecordingChannel('slack');
    const { clock, router, alert } = fixture([{ channel: slack }]);
    for (let bar = 0; bar < 30; bar++) {
      router.publish(alert('trading_state|main'));
      await clock.advance(1_000);
    }
    assert.equal(slack.sent.length, 1, 'thirty bars of the same condition page once');
    assert.equal(router.suppressed, 29);
    await clock.advance(60_000);
    router.publish(alert('trading_state|main'));
    await clock.advance(0);
    assert.equal(slack.sent.length, 2, 'after the window the condition is sent again');
  });

  test('a change of state within the window is sent, and so is the return to the earlier state (HALTED, reset, HALTED again)', async () => {
    const slack = new RecordingChannel('slack');
    const { clock, router, alert } = fixture([{ channel: slack }]);
    for (const state of ['HALTED', 'HALTED', 'ACTIVE', 'HALTED', 'HALTED']) {
      router.publish(alert(`trading_state|main|${state}`, 'critical', 'trading_state|main'));
      await clock.advance(1_000);
    }
    assert.deepEqual(slack.sent.map((sent) => sent.key.split('|')[2]), ['HALTED', 'ACTIVE', 'HALTED'], 'repeats are dropped, changes are not');
  });

  test('sends different keys separately', async () => {
    const slack = new RecordingChannel('slack');
    const { clock, router, alert } = fixture([{ channel: slack }]);
    router.publish(alert('a'));
    router.publish(alert('b'));
    await clock.advance(0);
    assert.deepEqual(slack.sent.map((sent) => sent.key), ['a', 'b']);
  });

  test("routes a severity only to the channels whose minSeverity it reaches", async () => {
    const telegram = new RecordingChannel('telegram');
    const email = new RecordingChannel('email');
    const { clock, router, alert } = fixture([{ channel: telegram, minSeverity: 'info' }, { channel: email, minSeverity: 'critical' }]);
    router.publish(alert('started', 'info'));
    router.publish(alert('approach', 'warning'));
    router.publish(alert('halted', 'critical'));
    await clock.advance(0);
    assert.deepEqual(telegram.sent.map((sent) => sent.key), ['started', 'approach', 'halted']);
    assert.deepEqual(email.sent.map((sent) => sent.key), ['halted'], 'the e-mail channel takes critical alerts only');
  });

  test('drops warnings over the rate limit of a channel and says so, but never a critical alert', async () => {
    const slack = new RecordingChannel('slack');
    const { clock, router, alert, problems } = fixture([{ channel: slack }]);
    for (const key of ['w1', 'w2', 'w3']) router.publish(alert(key, 'warning'));
    router.publish(alert('c1', 'critical'));
    await clock.advance(0);
    assert.deepEqual(slack.sent.map((sent) => sent.key), ['w1', 'w2', 'c1'], 'the third warning within the window is dropped');
    assert.deepEqual(problems.map((problem) => [problem.kind, problem.event]), [['rate_limited', 'alert_w3']]);
    await clock.advance(10_000);
    router.publish(alert('w4', 'warning'));
    await clock.advance(0);
    assert.equal(slack.sent.at(-1)?.key, 'w4', 'the window moved on: warnings pass again');
  });

  test('retries a failed channel with doubling backoff up to its cap, without holding back the other channels', async () => {
    const slack = new RecordingChannel('slack', 2);
    const email = new RecordingChannel('email');
    const { clock, router, alert, problems } = fixture([{ channel: slack }, { channel: email }]);
    router.publish(alert('halted'));
    await clock.advance(0);
    assert.equal(email.sent.length, 1, 'the working channel delivered at once');
    assert.equal(slack.sent.length, 0);
    assert.deepEqual(clock.pendingDelaysMs(), [1_000], 'first retry after initialDelayMs');
    await clock.advance(1_000);
    assert.deepEqual(clock.pendingDelaysMs(), [1_500], 'the doubled delay is capped at maxDelayMs');
    await clock.advance(1_500);
    assert.equal(slack.sent.length, 1, 'the third attempt delivered');
    assert.equal(slack.attempts, 3);
    assert.deepEqual(problems.map((problem) => [problem.kind, problem.attempt, problem.retryInMs]), [['retrying', 1, 1_000], ['retrying', 2, 1_500]]);
  });

  test('gives up after the configured attempts and reports the failure', async () => {
    const webhook = new RecordingChannel('webhook', 10);
    const { clock, router, alert, problems } = fixture([{ channel: webhook }]);
    router.publish(alert('halted'));
    await clock.advance(60_000);
    assert.equal(webhook.attempts, 3);
    assert.equal(problems.at(-1)?.kind, 'failed');
    assert.match(problems.at(-1)?.reason ?? '', /webhook is down; gave up after 3 attempts/);
    assert.deepEqual(clock.pendingDelaysMs(), [], 'nothing left pending');
  });

  test('publish returns before any channel is called and does not throw when a channel throws synchronously', async () => {
    const channel: AlertChannel = {
      name: 'broken',
      send: () => {
        throw new Error('synchronous failure');
      },
    };
    const clock = new ManualScheduler();
    const problems: DeliveryProblem[] = [];
    const router = new AlertRouter({ routes: [{ channel, minSeverity: 'info' }], settings: SETTINGS, nowMs: () => clock.nowMs, schedule: clock.schedule, onProblem: (problem) => problems.push(problem) });
    router.publish({ key: 'k', group: 'k', event: 'alert_k', severity: 'critical', title: 'k', fields: {}, atMs: 0 });
    assert.equal(problems.length, 0, 'nothing ran inside publish');
    await clock.advance(0);
    assert.equal(problems[0]?.kind, 'retrying');
    assert.match(problems[0]?.reason ?? '', /synchronous failure/);
  });

  test('settled() resolves once every delivery finished', async () => {
    const slack = new RecordingChannel('slack', 1);
    const { clock, router, alert } = fixture([{ channel: slack }]);
    router.publish(alert('halted'));
    let settled = false;
    void router.settled().then(() => (settled = true));
    await clock.advance(0);
    assert.equal(settled, false, 'a retry is still pending');
    await clock.advance(1_000);
    assert.equal(settled, true);
  });
});
