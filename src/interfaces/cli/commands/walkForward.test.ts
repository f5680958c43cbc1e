import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cliInProcess } from '../../../../test/support/cliInProcess.ts';
import { skipWithoutShared } from '../../../../test/support/sharedData.ts';
import { rampartBin, writeSweepFixture } from '../../../../test/support/sweepFixture.ts';

const GRID = 'parameters:\n  sleeves[0].params.lookback: [24, 72, 168]\n  execution.feeBps: [1, 3]\n';

function rampart(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [rampartBin, ...args], { cwd }, (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }));
  });
}

interface Window {
  index: number;
  test: { from: string; to: string };
  chosen?: { paramsHash: string; params: Record<string, unknown> };
  outOfSample?: Record<string, unknown>;
}

describe('rampart walk-forward', { skip: skipWithoutShared }, () => {
  const fixture = skipWithoutShared ? undefined : writeSweepFixture(GRID);
  after(() => fixture && rmSync(fixture.dir, { recursive: true, force: true }));

  test('each out-of-sample segment, re-run alone by `rampart backtest --from --to` with its chosen parameters, reports the identical metrics; the bars are printed as PASS/FAIL', async () => {
    const { dir, config, grid } = fixture!;
    const run = await rampart(['walk-forward', '-c', config, '--grid', grid, '--train', '90d', '--test', '45d', '--min-trades', '2', '--workers', '2', '--json', 'wf.json', '--html', 'wf.html'], dir);
    const report = JSON.parse(readFileSync(join(dir, 'wf.json'), 'utf8')) as { passed: boolean; windows: Window[]; outOfSample: { equity: unknown[] }; stability: unknown[] };
    assert.equal(run.code, report.passed ? 0 : 1, `exit 0 on pass, 1 on fail; stderr: ${run.stderr}`);
    assert.match(run.stdout, /(PASS|FAIL) {2}out-of-sample Sharpe .* \(must be > 0\.8\)/);
    assert.match(run.stdout, /(PASS|FAIL) {2}out-of-sample win rate % .* \(must be > 48\)/);
    assert.match(run.stdout, /Degradation: mean Sharpe in sample/);
    assert.equal(report.stability.length, 2, 'stability of each grid parameter');
    assert.ok(report.windows.length >= 3, `several windows, was ${report.windows.length}`);
    const traded = report.windows.filter((window) => window.chosen);
    assert.ok(traded.length >= 2, 'at least two windows traded');
    assert.ok(report.outOfSample.equity.length > 0, 'a chained out-of-sample curve');
    for (const window of traded) {
      const out = join(dir, `window-${window.index}.yaml`);
      const exported = await cliInProcess(['sweep', '-c', config, '--grid', grid, '--export-run', window.chosen!.paramsHash, '--out', out]);
      assert.equal(exported.code, 0, exported.stderr);
      const json = join(dir, `window-${window.index}.json`);
      const alone = await cliInProcess(['backtest', '-c', out, '--from', window.test.from, '--to', window.test.to, '--json', json, '--html', join(dir, 'w.html'), '--quiet']);
      assert.equal(alone.code, 0, alone.stderr);
      const metrics = (JSON.parse(readFileSync(json, 'utf8')) as { metrics: unknown }).metrics;
      assert.deepEqual(metrics, window.outOfSample, `window ${window.index} (${window.test.from} … ${window.test.to}, ${JSON.stringify(window.chosen!.params)}) re-run alone`);
    }
  });

  test('a training window longer than the data is refused with exit 2 naming --train', async () => {
    const { config, grid } = fixture!;
    // A child process: the test runner's report of the test before must not land in a captured stdout.
    const run = await rampart(['walk-forward', '-c', config, '--grid', grid, '--train', '900d', '--test', '30d', '--quiet', '--workers', '1'], fixture!.dir);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--train 900d leaves no test window/);
  });
});
