import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../domain/errors/inputError.ts';
import type { Logger } from '../../ports/logger.ts';
import { validateConfig, type LoadedConfig } from '../config/loadConfig.ts';
import { LocalHttpReceiver } from '../../adapters/alerts/testing/localHttpReceiver.ts';
import { startAlerting } from './alertJobs.ts';

const BASE = { name: 'alerts', sleeves: [{ name: 'btc', symbol: 'BTCUSDT', weight: 0.1, strategy: 'sma-cross' }] };
const SILENT: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

function loaded(alerts: unknown): LoadedConfig {
  return { path: 'config.yaml', config: validateConfig({ ...BASE, alerts }, 'config.yaml') } as LoadedConfig;
}

function refusal(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  assert.fail('expected an InputError');
}

describe('the alerts config section and its secrets', () => {
  test('defaults: no channels, a 15-minute dedup window; without channels the logger is the plain one', () => {
    const config = loaded(undefined);
    assert.equal(config.config.alerts.dedupWindowSec, 900);
    assert.deepEqual(config.config.alerts.channels, []);
    assert.equal(startAlerting(config, {}, SILENT).logger, SILENT, 'no router in the way when nothing is routed');
  });

  test('an unknown channel type is refused with its key path', () => {
    const error = refusal(() => loaded({ channels: [{ type: 'pager' }] }));
    assert.equal(error.details.keyPath, 'alerts.channels[0].type');
  });

  test('an e-mail channel without recipients, or with a login half given, is refused with the key path', () => {
    assert.equal(refusal(() => loaded({ channels: [{ type: 'email', host: 'smtp.example.test', from: 'a@example.test', to: [] }] })).details.keyPath, 'alerts.channels[0].to');
    assert.equal(refusal(() => loaded({ channels: [{ type: 'email', host: 'smtp.example.test', from: 'a@example.test', to: ['b@example.test'], usernameEnv: 'SMTP_USER' }] })).details.keyPath, 'alerts.channels[0].passwordEnv');
  });

  test('a webhook URL written in the config instead of a variable name is refused', () => {
    const error = refusal(() => loaded({ channels: [{ type: 'slack', webhookUrlEnv: 'https://hooks.slack.com/services/T/B/x' }] }));
    assert.equal(error.details.keyPath, 'alerts.channels[0].webhookUrlEnv');
  });

  test('a channel whose variable is not set refuses the start with the key path and the variable name', () => {
    const config = loaded({ channels: [{ type: 'telegram', chatIds: [1] }, { type: 'slack', webhookUrlEnv: 'OPS_SLACK_URL' }] });
    const error = refusal(() => startAlerting(config, { RAMPART_TELEGRAM_BOT_TOKEN: '1:token' }, SILENT));
    assert.equal(error.details.keyPath, 'alerts.channels[1].webhookUrlEnv');
    assert.match(error.message, /OPS_SLACK_URL, which is not set/);
  });

  test('a malformed webhook URL is refused without printing it', () => {
    const config = loaded({ channels: [{ type: 'webhook' }] });
    const error = refusal(() => startAlerting(config, { RAMPART_ALERT_WEBHOOK_URL: 'not a url secret-part' }, SILENT));
    assert.equal(error.details.keyPath, 'alerts.channels[0].urlEnv');
    assert.doesNotMatch(error.message + JSON.stringify(error.details), /secret-part/);
  });

  test('telegram chat ids come from RAMPART_TELEGRAM_ALERT_CHATS when the config lists none; none at all is refused', () => {
    const config = loaded({ channels: [{ type: 'telegram' }] });
    assert.equal(refusal(() => startAlerting(config, { RAMPART_TELEGRAM_BOT_TOKEN: '1:token' }, SILENT)).details.keyPath, 'alerts.channels[0].chatIds');
    assert.equal(refusal(() => startAlerting(config, { RAMPART_TELEGRAM_BOT_TOKEN: '1:token', RAMPART_TELEGRAM_ALERT_CHATS: '12,abc' }, SILENT)).details.keyPath, 'RAMPART_TELEGRAM_ALERT_CHATS');
    assert.notEqual(startAlerting(config, { RAMPART_TELEGRAM_BOT_TOKEN: '1:token', RAMPART_TELEGRAM_ALERT_CHATS: '12,-34' }, SILENT).logger, SILENT);
  });

  test('a failing channel is retried in the background: the log call returns before any delivery, the retries are logged without the URL', async () => {
    const receiver = new LocalHttpReceiver();
    const origin = await receiver.start();
    try {
      receiver.failNext(2, 502);
      const lines: Array<[string, Record<string, unknown>]> = [];
      const base: Logger = { info: (event, fields = {}) => lines.push([event, fields]), warn: (event, fields = {}) => lines.push([event, fields]), error: (event, fields = {}) => lines.push([event, fields]) };
      const config = loaded({ retry: { attempts: 4, initialDelayMs: 10, maxDelayMs: 20 }, channels: [{ type: 'slack' }] });
      const alerting = startAlerting(config, { RAMPART_SLACK_WEBHOOK_URL: `${origin}/services/secret-path` }, base);
      alerting.logger.error('alert_trading_state', { account: 'main', state: 'HALTED', reason: 'emergency stop TOTAL_LOSS: {}' });
      assert.equal(receiver.posts.length, 0, 'nothing was delivered inside the log call');
      await alerting.close(30_000);
      assert.equal(receiver.bodiesAt('/services/secret-path').length, 1, 'delivered once, on the third attempt');
      const retries = lines.filter(([event]) => event === 'alerts_delivery_retrying');
      assert.equal(retries.length, 2);
      assert.match(String(retries[0]?.[1].reason), /slack: the receiver answered HTTP 502/);
      assert.doesNotMatch(JSON.stringify(lines), /secret-path/, 'the webhook URL never reaches the log');
    } finally {
      await receiver.close();
    }
  });
});
