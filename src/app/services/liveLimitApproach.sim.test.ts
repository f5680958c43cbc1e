import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { loadConfig } from '../config/loadConfig.ts';
import { alertingLogger } from '../../ops/alerts/alertingLogger.ts';
import { AlertRouter } from '../../ops/alerts/alertRouter.ts';
import { ManualScheduler } from '../../ops/alerts/testing/manualScheduler.ts';
import type { Alert } from '../../ports/alertChannel.ts';
import { ACCOUNT, startLiveHarness, type LiveHarness } from '../wiring/liveTestSupport.ts';

describe('approaching the daily limit in the live runner (playbook §10 warning)', () => {
  let h: LiveHarness;
  afterEach(async () => {
    await h.close();
  });

  test('past 80 % of the daily limit the runner warns every bar, and the router pages once', async () => {
    h = await startLiveHarness({ weight: 0.5 });
    const clock = new ManualScheduler();
    const sent: Alert[] = [];
    const router = new AlertRouter({
      routes: [{ channel: { name: 'recording', send: async (alert) => void sent.push(alert) }, minSeverity: 'warning' }],
      settings: { dedupWindowMs: 15 * 60_000, rateLimit: { maxAlerts: 100, windowMs: 60_000 }, retry: { attempts: 1, initialDelayMs: 1, maxDelayMs: 1 } },
      nowMs: () => clock.nowMs,
      schedule: clock.schedule,
      onProblem: () => undefined,
    });
    const logger = alertingLogger(h.logger, (alert) => router.publish(alert), { nowMs: () => clock.nowMs, allowedFields: new Set(['account', 'detail', 'state', 'reason', 'symbol']) });
    // The daily trigger at 1.3 %: one stop-out of this long (~1.1 % of the equity) is past 80 % of it, short of a breach.
    const configPath = join(h.dir, 'config.yaml');
    writeFileSync(configPath, readFileSync(configPath, 'utf8').replace('risk: {accounts: {main: normal}, ', 'risk: {accounts: {main: normal}, emergency: {dailyDrawdown: {drawdownPct: 1.3}}, '));
    const runner = h.runner({ logger, loaded: loadConfig(configPath) });
    await runner.start();
    h.pushBar(1);
    await runner.onBarClose();
    // The price falls through the protective stop, which closes the long; the strategy buys again lower.
    for (let bar = 0; bar < 3; bar++) {
      h.pushBar(1, 57_800);
      await runner.onBarClose();
      await clock.advance(60_000);
    }
    const warned = h.logs.filter((line) => line.event === 'alert_limit_approach');
    assert.equal(warned.length, 3, `one warning line per bar:\n${h.logs.map((line) => line.event).join('\n')}`);
    assert.match(String(warned[0]?.fields.detail), /day drawdown at (8[0-9]|9[0-9]) % of the daily limit/);
    assert.equal((await h.store.loadTradingState(ACCOUNT))?.state ?? 'ACTIVE', 'ACTIVE', 'not breached');
    const approaches = sent.filter((alert) => alert.event === 'alert_limit_approach');
    assert.equal(approaches.length, 1, 'paged once, not once per bar');
    assert.equal(approaches[0]?.severity, 'warning');
    await runner.stop();
  });
});
