import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FakeTelegramApi } from '../../interfaces/telegram/testing/fakeTelegramApi.ts';
import { TelegramAlertChannel } from './telegramAlertChannel.ts';
import { SAMPLE_ALERT } from './testing/sampleAlert.ts';

const TOKEN = '123456:alert-bot-token-secret';

describe('TelegramAlertChannel against the local fake Bot API', () => {
  const api = new FakeTelegramApi(TOKEN);
  let apiRoot = '';
  before(async () => {
    apiRoot = await api.start();
  });
  after(async () => {
    await api.close();
  });

  test('sends the alert text to every chat id', async () => {
    await new TelegramAlertChannel({ token: TOKEN, chatIds: [11, -22], apiRoot }).send(SAMPLE_ALERT);
    assert.deepEqual(api.sent.map((message) => message.chatId), [11, -22]);
    assert.match(api.sent[0]?.text ?? '', /^\[CRITICAL\] Daily drawdown breach: main HALTED/);
  });

  test('a refused token rejects with the Bot API description and never the token', async () => {
    const wrong = '999999:another-secret-token';
    const error = await new TelegramAlertChannel({ token: wrong, chatIds: [11], apiRoot }).send(SAMPLE_ALERT).then(() => undefined, (caught: unknown) => caught as Error);
    assert.match(error?.message ?? '', /telegram: Bot API refused sendMessage \(401: Unauthorized\) for chat 11/);
    assert.doesNotMatch(error?.message ?? '', /another-secret-token/);
  });
});
