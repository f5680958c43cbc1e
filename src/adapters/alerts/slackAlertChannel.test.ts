import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SlackAlertChannel } from './slackAlertChannel.ts';
import { LocalHttpReceiver } from './testing/localHttpReceiver.ts';
import { SAMPLE_ALERT } from './testing/sampleAlert.ts';

describe('SlackAlertChannel against a local receiver', () => {
  const receiver = new LocalHttpReceiver();
  let origin = '';
  const hookPath = '/services/T000/B000/XXXXsecretXXXX';
  before(async () => {
    origin = await receiver.start();
  });
  after(async () => {
    await receiver.close();
  });

  test('posts {text} with the severity, title and reason to the webhook URL', async () => {
    await new SlackAlertChannel(`${origin}${hookPath}`).send(SAMPLE_ALERT);
    const [body] = receiver.bodiesAt(hookPath) as Array<{ text: string }>;
    assert.match(body?.text ?? '', /^\[CRITICAL\] Daily drawdown breach: main HALTED\n/);
    assert.match(body?.text ?? '', /reason: emergency stop DAILY_DRAWDOWN/);
    assert.match(body?.text ?? '', /at: 2026-01-02T03:04:05.000Z/);
  });

  test('a refused post rejects with the status and without the URL (its path is the credential)', async () => {
    receiver.failNext(1, 403);
    const error = await new SlackAlertChannel(`${origin}${hookPath}`).send(SAMPLE_ALERT).then(() => undefined, (caught: unknown) => caught as Error);
    assert.match(error?.message ?? '', /slack: the receiver answered HTTP 403/);
    assert.doesNotMatch(error?.message ?? '', /secret|127\.0\.0\.1/);
  });

  test('an unreachable receiver rejects without the URL', async () => {
    const closed = new LocalHttpReceiver();
    const url = `${await closed.start()}${hookPath}`;
    await closed.close();
    const error = await new SlackAlertChannel(url).send(SAMPLE_ALERT).then(() => undefined, (caught: unknown) => caught as Error);
    assert.match(error?.message ?? '', /slack: the request failed \(ECONNREFUSED\)/);
    assert.doesNotMatch(error?.message ?? '', /secret/);
  });
});
