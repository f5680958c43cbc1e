import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../config/loadConfig.ts';
import { StoreSleeveDataSource } from '../wiring/storeSleeveDataSource.ts';
import { runBacktest } from './runBacktest.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-modelled-reset-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const r1 = readFileSync(fileURLToPath(new URL('../../../config/r1-ensemble.yaml', import.meta.url)), 'utf8');

async function run(name: string, extra: string) {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, `${r1}${extra}`);
  return (await runBacktest({ loaded: loadConfig(path), dataSource: new StoreSleeveDataSource(dir), to: '2023-04-01T00:00:00Z' })).report;
}

describe('the daily-breach lock in a backtest', () => {
  test('without a modelled operator the account stays HALTED after its first daily breach, as live does', async () => {
    const report = await run('locked', '');
    const changes = report.risk?.stateChanges ?? [];
    const firstHalt = changes.find((change) => change.to === 'HALTED');
    assert.ok(firstHalt, 'the synthetic R1 run breaches its daily limit');
    assert.deepEqual(changes.filter((change) => change.time > firstHalt.time), [], 'nobody resets it');
    assert.ok(report.trades.every((trade) => trade.entryTime <= firstHalt.time), 'no trade opens after the halt');
  });

  test('backtest.operatorResetAfterHours resets each automatic halt that long after it, and trading resumes', async () => {
    const report = await run('reset', 'backtest: {operatorResetAfterHours: 24}\n');
    const changes = report.risk?.stateChanges ?? [];
    const firstHalt = changes.find((change) => change.to === 'HALTED')!;
    const reset = changes.find((change) => change.to === 'ACTIVE' && change.time > firstHalt.time);
    assert.ok(reset, 'a reset follows the halt');
    assert.equal(Date.parse(reset.time) - Date.parse(firstHalt.time), 24 * 3_600_000, 'a day after the halt');
    assert.match(String(reset.reason), /modelled operator reset 24 h after the DAILY_DRAWDOWN halt/);
    assert.ok(report.trades.some((trade) => trade.entryTime > reset.time), 'trades open again after the reset');
  });
});
