import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliInProcess } from '../../../../test/support/cliInProcess.ts';

const dir = mkdtempSync(join(tmpdir(), 'rampart-profile-cuts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// The first wall: a config with 3x leverage and no risk section ran under micro (1x), every
// entry denied LEVERAGE_EXCEEDED, and the run exited 0 without a word.
const path = join(dir, 'no-risk.yaml');
writeFileSync(
  path,
  `name: no-risk\nmarket: {type: futures, leverage: 3}\ndata: {store: ${JSON.stringify(join(dir, 'store'))}, syntheticFallback: {bars: 400, seed: 7}}\nsleeves:\n  - {name: SOL, symbol: SOLUSDT, weight: 0.5, strategy: tsmom_ema, params: {lookback: 24}}\n`,
);

describe('rampart backtest against the capital profile', () => {
  test('refuses, exit 2, a config whose leverage the profile in force cannot allow, naming the file, the profile and the limit', async () => {
    const run = await cliInProcess(['backtest', '-c', path, '--quiet', '--json', join(dir, 'a.json'), '--html', join(dir, 'a.html')]);
    assert.equal(run.code, 2, run.out);
    assert.match(run.stderr, /no-risk\.yaml/);
    assert.match(run.stderr, /market\.leverage: account default's capital profile micro .*allows leverage up to 1x \(maxLeverage\), the config asks 3x/);
    assert.match(run.stderr, /--allow-profile-cuts/);
  });

  test('with --allow-profile-cuts runs, warns on stderr and counts the denials by code in the summary', async () => {
    const run = await cliInProcess(['backtest', '-c', path, '--quiet', '--allow-profile-cuts', '--json', join(dir, 'b.json'), '--html', join(dir, 'b.html')]);
    assert.equal(run.code, 0, run.out);
    assert.match(run.stderr, /^warning: .*market\.leverage: .*micro/m);
    assert.match(run.stdout, /profile in force: default → micro \(max leverage 1x/);
    assert.match(run.stdout, /denied: [\d,]+ \(LEVERAGE_EXCEEDED [\d,]+/);
  });
});
