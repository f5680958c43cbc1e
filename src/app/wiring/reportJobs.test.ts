import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LocalHttpReceiver } from '../../adapters/alerts/testing/localHttpReceiver.ts';
import type { Logger } from '../../ports/logger.ts';
import { reportJob } from './reportJobs.ts';

const SILENT: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

test('a daily report, once written, is an info alert "daily report ready" on the channels that take info', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-report-alert-'));
  const receiver = new LocalHttpReceiver();
  try {
    const origin = await receiver.start();
    const configPath = join(dir, 'config.yaml');
    writeFileSync(configPath, ['name: report-alert', 'sleeves:', '  - {name: btc, symbol: BTCUSDT, weight: 0.1, strategy: sma-cross}', 'alerts: {channels: [{type: webhook, minSeverity: info}, {type: slack, minSeverity: warning}]}'].join('\n'));
    const env = { RAMPART_ALERT_WEBHOOK_URL: `${origin}/hook`, RAMPART_SLACK_WEBHOOK_URL: `${origin}/slack` };
    const { files } = await reportJob({ configPath, stateDir: join(dir, 'state'), init: true, period: 'daily', date: '2026-03-15', nowMs: Date.UTC(2026, 2, 16), reportsDir: join(dir, 'reports'), env, logger: SILENT });
    const [body] = receiver.bodiesAt('/hook') as Array<{ event: string; severity: string; title: string; fields: { detail: string } }>;
    assert.equal(body?.event, 'alert_daily_report_ready');
    assert.equal(body?.severity, 'info');
    assert.match(body?.fields.detail ?? '', new RegExp(`2026-03-15: .*${files[0]?.split('/').at(-1)}`));
    assert.deepEqual(receiver.bodiesAt('/slack'), [], 'a warning channel does not get the daily report');
  } finally {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
