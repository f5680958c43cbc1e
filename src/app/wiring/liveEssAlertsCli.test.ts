import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, test } from 'node:test';
import { launchBrowser } from '../../../test/support/browser.ts';
import { LocalHttpReceiver } from '../../adapters/alerts/testing/localHttpReceiver.ts';
import { LocalSmtpServer } from '../../adapters/alerts/testing/localSmtpServer.ts';
import { FakeTelegramApi } from '../../interfaces/telegram/testing/fakeTelegramApi.ts';
import { ACCOUNT } from './liveTestSupport.ts';
import { startLiveCliHarness, type LiveCliHarness } from './liveCliHarness.ts';
import { stopAll, stopChild, waitFor, withLiveSection } from './liveCliScenario.ts';

const BOT_TOKEN = '4242:alert-bot-token-never-printed';
const SLACK_PATH = '/services/T0/B0/slack-path-never-printed';
const CHAT_ID = 777;
/** The emergency stop's alert title, as a phone shows it. */
const ESS_TITLE = /breach: main HALTED/;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

const openStop = (harness: LiveCliHarness) => harness.sim.state().orders.find((order) => order.type === 'STOP_MARKET' && order.status === 'NEW');

describe('alerts from a live runner to local channels (issue 16, "What must show")', () => {
  test('a crash fires the emergency stop: the alert reaches SMTP, Slack and Telegram once each, /metrics counts the trigger, the dashboard shows HALTED in Chromium, and the next bar does not page again', async () => {
    const harness = await startLiveCliHarness({ weight: 0.5 });
    const smtp = new LocalSmtpServer();
    const slack = new LocalHttpReceiver();
    const telegram = new FakeTelegramApi(BOT_TOKEN);
    try {
      const smtpPort = await smtp.start();
      const slackOrigin = await slack.start();
      const apiRoot = await telegram.start();
      withLiveSection(harness, { commandCheckMs: 300 });
      appendFileSync(
        harness.configPath,
        `alerts: {channels: [{type: email, minSeverity: critical, host: 127.0.0.1, port: ${smtpPort}, from: rampart@example.test, to: [ops@example.test]}, {type: slack, minSeverity: critical, webhookUrlEnv: OPS_SLACK_URL}, {type: telegram, minSeverity: warning, chatIds: [${CHAT_ID}]}]}\n`,
      );
      const env = { RAMPART_TELEGRAM_BOT_TOKEN: BOT_TOKEN, RAMPART_TELEGRAM_API_ROOT: apiRoot, OPS_SLACK_URL: `${slackOrigin}${SLACK_PATH}` };
      const essAt = {
        email: () => smtp.mails.filter((mail) => ESS_TITLE.test(mail.raw)).length,
        slack: () => slack.bodiesAt(SLACK_PATH).filter((body) => ESS_TITLE.test((body as { text: string }).text)).length,
        telegram: () => telegram.sent.filter((message) => ESS_TITLE.test(message.text)).length,
      };

      // A long with its protective stop, then the stop disappears and the price collapses (as liveEmergencyFlatten.sim.test).
      harness.pushBar(1);
      const first = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'), { env });
      assert.equal(first.code, 0, `the long is opened:\n${first.stderr}`);
      const gateway = harness.gateway();
      await gateway.connect();
      const stop = openStop(harness);
      assert.ok(stop !== undefined, 'a protective stop rests at the venue');
      await gateway.cancelOrder({ symbol: 'BTCUSDT', clientOrderId: stop.clientOrderId, conditional: true });
      harness.pushBar(1, 50_000);

      const port = await freePort();
      const child = harness.spawnCli(harness.runRealArgs('--poll-seconds', '1', '--http', String(port)), { env });
      await waitFor('the emergency-stop alert at all three channels', () => essAt.email() > 0 && essAt.slack() > 0 && essAt.telegram() > 0, { child, timeoutMs: 90_000 });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      assert.match(metrics, new RegExp(`ess_triggers_total\\{account="${ACCOUNT}",trigger="[A-Z_]+"\\} [1-9]`), 'the trigger is counted in /metrics');
      assert.match(metrics, new RegExp(`rampart_trading_state\\{account="${ACCOUNT}"\\} 2`), 'HALTED');
      const browser = await launchBrowser();
      try {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${port}/dashboard/`);
        await page.waitForSelector(`#ess-rows tr[data-account="${ACCOUNT}"] .state[data-level="HALTED"]`, { timeout: 30_000 });
        assert.deepEqual(browser.errors, [], 'the dashboard shows HALTED without a console error');
      } finally {
        await browser.close();
      }
      await waitFor('the position to be flattened', () => harness.sim.state().positions.length === 0, { child, timeoutMs: 60_000 });
      const stopped = await stopChild(child);
      assert.equal(stopped.code, 0, `the runner stops cleanly:\n${stopped.stderr}`);
      assert.ok(telegram.sent.some((message) => /Runner stopped: main/.test(message.text)), 'the stop is a warning on Telegram before the process exits');

      // The next bar, in a new process: the account is still HALTED, which is no new alert.
      harness.pushBar(1, 50_000);
      const next = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'), { env });
      assert.equal(next.code, 0, next.stderr);
      assert.deepEqual({ email: essAt.email(), slack: essAt.slack(), telegram: essAt.telegram() }, { email: 1, slack: 1, telegram: 1 }, 'one emergency-stop alert per channel, not one per bar');
      assert.deepEqual(telegram.sent.map((message) => message.chatId).filter((id) => id !== CHAT_ID), [], 'only the configured chat is messaged');
      assert.deepEqual(telegram.wrongTokens, []);
      const printed = harness.children.map((run) => run.stdout() + run.stderr()).join('\n');
      assert.doesNotMatch(printed, /alert-bot-token-never-printed|slack-path-never-printed/, 'no secret reaches the output');
    } finally {
      await stopAll(harness);
      await Promise.allSettled([smtp.close(), slack.close(), telegram.close()]);
    }
  });
});
