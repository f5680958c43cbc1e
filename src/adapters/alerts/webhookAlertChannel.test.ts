import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LocalHttpReceiver } from './testing/localHttpReceiver.ts';
import { SAMPLE_ALERT } from './testing/sampleAlert.ts';
import { WebhookAlertChannel } from './webhookAlertChannel.ts';

describe('WebhookAlertChannel against a local receiver', () => {
  const receiver = new LocalHttpReceiver();
  let origin = '';
  before(async () => {
    origin = await receiver.start();
  });
  after(async () => {
    await receiver.close();
  });

  test('posts the alert as JSON: key, event, severity, title, time and fields', async () => {
    await new WebhookAlertChannel(`${origin}/hook?token=abcd1234`).send(SAMPLE_ALERT);
    const [body] = receiver.bodiesAt('/hook?token=abcd1234') as Array<Record<string, unknown>>;
    assert.deepEqual({ ...body, text: undefined }, { key: SAMPLE_ALERT.key, event: 'alert_trading_state', severity: 'critical', title: SAMPLE_ALERT.title, at: '2026-01-02T03:04:05.000Z', fields: SAMPLE_ALERT.fields, text: undefined });
  });

  test('a 500 rejects (the router retries) with no token in the message', async () => {
    receiver.failNext(1, 500);
    const error = await new WebhookAlertChannel(`${origin}/hook?token=abcd1234`).send(SAMPLE_ALERT).then(() => undefined, (caught: unknown) => caught as Error);
    assert.equal(error?.message, 'webhook: the receiver answered HTTP 500');
  });
});
