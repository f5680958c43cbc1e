import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SqliteTradeStore } from '../../adapters/storage/sqlite/sqliteTradeStore.ts';
import { ControlSurface } from '../../app/services/controlSurface.ts';
import { r1Config, ManualClock } from '../../../test/fixtures/paper/paperFixture.ts';
import { FakeTelegramApi } from './testing/fakeTelegramApi.ts';
import { allowedChatsOf, createTelegramBot } from './telegramBot.ts';
import { startTelegramBot } from './startTelegramBot.ts';

const TOKEN = '123456:fake-bot-token';
const OPERATOR = 1001;
const STRANGER = 2002;

async function waitFor(what: string, condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('Telegram commands against a local fake Bot API', () => {
  test('answers the allow-listed chat only, and records /kill only after YES, as rampart kill records it', async () => {
    const { loaded, dir } = r1Config();
    const store = await SqliteTradeStore.open({ path: join(dir, 'tg.sqlite') });
    const api = new FakeTelegramApi(TOKEN);
    const apiRoot = await api.start();
    const surface = new ControlSurface({ loaded, store, clock: new ManualClock(Date.parse('2024-01-03T13:00:00Z')), env: {}, adminActor: 'telegram@test' });
    const bot = createTelegramBot(surface, { token: TOKEN, allowedChatIds: allowedChatsOf(String(OPERATOR)), apiRoot });
    const polling = bot.start({ drop_pending_updates: false });
    try {
      api.say(STRANGER, '/status');
      api.say(OPERATOR, '/status');
      await waitFor('the status answer', () => api.sent.length >= 1);
      assert.match(api.sent[0]?.text ?? '', /account default\s+state ACTIVE/, 'the status is what rampart status prints');
      assert.equal(api.sent[0]?.chatId, OPERATOR);

      api.say(OPERATOR, '/kill');
      await waitFor('the missing reason', () => api.sent.length >= 2);
      assert.match(api.sent[1]?.text ?? '', /needs a reason/);

      api.say(OPERATOR, '/kill exchange outage');
      await waitFor('the confirmation question', () => api.sent.length >= 3);
      assert.match(api.sent[2]?.text ?? '', /Reply YES/);
      assert.equal(await store.loadTradingState('default'), undefined, 'nothing is recorded before the confirmation');
      api.say(STRANGER, 'YES');
      api.say(OPERATOR, 'YES');
      await waitFor('the kill answer', () => api.sent.length >= 4);
      assert.match(api.sent[3]?.text ?? '', /kill recorded for default/);
      const state = await store.loadTradingState('default');
      assert.equal(state?.state, 'HALTED');
      assert.equal(state?.reason, 'exchange outage');

      api.say(OPERATOR, '/reset all clear');
      await waitFor('the reset question', () => api.sent.length >= 5);
      api.say(OPERATOR, 'no');
      await waitFor('the cancellation', () => api.sent.length >= 6);
      assert.match(api.sent[5]?.text ?? '', /not confirmed/);
      assert.equal((await store.loadTradingState('default'))?.state, 'HALTED', 'an unconfirmed reset changes nothing');
      assert.ok(api.sent.every((message) => message.chatId === OPERATOR), 'the stranger got no answer at all');
      assert.deepEqual(api.wrongTokens, []);
    } finally {
      await bot.stop();
      await polling;
      await api.close();
      await store.close();
    }
  });

  test('--telegram-commands refuses to start without a token or an allow-list, and starts against the Bot API root it is given', async () => {
    const { loaded, dir } = r1Config();
    const store = await SqliteTradeStore.open({ path: join(dir, 'tg2.sqlite') });
    const api = new FakeTelegramApi(TOKEN);
    const apiRoot = await api.start();
    try {
      const surface = new ControlSurface({ loaded, store, clock: new ManualClock(Date.parse('2024-01-03T13:00:00Z')), env: {}, adminActor: 't' });
      await assert.rejects(startTelegramBot(surface, { RAMPART_TELEGRAM_ALLOWED_CHATS: '1' }, () => undefined), /RAMPART_TELEGRAM_BOT_TOKEN/);
      await assert.rejects(startTelegramBot(surface, { RAMPART_TELEGRAM_BOT_TOKEN: TOKEN }, () => undefined), /RAMPART_TELEGRAM_ALLOWED_CHATS/);
      const lines: string[] = [];
      const started = await startTelegramBot(surface, { RAMPART_TELEGRAM_BOT_TOKEN: TOKEN, RAMPART_TELEGRAM_ALLOWED_CHATS: String(OPERATOR), RAMPART_TELEGRAM_API_ROOT: apiRoot }, (line) => lines.push(line));
      try {
        api.say(OPERATOR, '/positions');
        await waitFor('the positions answer', () => api.sent.length >= 1);
        assert.equal(api.sent[0]?.text, 'no open position');
        api.say(OPERATOR, '/weekly');
        await waitFor('the weekly report', () => api.sent.length >= 2);
        assert.match(api.sent[1]?.text ?? '', /^# .*week/i, 'the weekly report as rampart report writes its Markdown');
        assert.ok(lines.every((line) => !line.includes(TOKEN)), 'the token is never printed');
      } finally {
        await started.close();
      }
    } finally {
      await api.close();
      await store.close();
    }
  });

  test('refuses a malformed allow-list naming the value', () => {
    assert.throws(() => allowedChatsOf('1001, abc'), /had "abc"/);
    assert.deepEqual([...allowedChatsOf('1001, -42')], [1001, -42]);
  });
});
