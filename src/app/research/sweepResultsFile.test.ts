import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';
import type { SweepRunResult } from '../../ops/research/sweepRunResult.ts';
import { readSweepResults, SweepResultsFile } from './sweepResultsFile.ts';
import { SWEEP_RESULT_METRIC_KEYS } from './sweepResultColumns.ts';

function result(gridIndex: number, hash: string, profitFactor: number | null): SweepRunResult {
  const metrics = Object.fromEntries(SWEEP_RESULT_METRIC_KEYS.map((key, at) => [key, gridIndex * 100 + at + 0.1 + 0.2])) as unknown as BacktestMetrics;
  metrics.profitFactor = profitFactor as number;
  return {
    gridIndex,
    paramsHash: hash,
    params: { 'sleeves[0].params.lookback': 24 * (gridIndex + 1), 'sizing.mode': 'risk', 'execution.feeBps': 0.1 * gridIndex, flag: gridIndex % 2 === 0, nested: { a: [1, 'b'] } },
    metrics,
    equity: [
      [1_700_000_000_000 + gridIndex, 10_000 / 3],
      [1_700_003_600_000, Math.PI * 1e4],
      [1_700_007_200_000, -0],
    ],
  };
}

function inTempDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-results-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the results file gives back every run exactly (params, every metric with a null one, the equity curve) and opens whole as an Arrow IPC stream', () => {
  inTempDir((dir) => {
    const path = join(dir, 'r.arrows');
    const runs = [result(0, 'one', 1.25), result(1, 'two', null), result(2, 'three', 0.5)];
    const file = new SweepResultsFile(path, 'aaa');
    for (const run of runs) file.append(run);
    file.close();
    assert.deepEqual(readSweepResults(path), { configSha256: 'aaa', runs });
    const reopened = new SweepResultsFile(path, 'aaa');
    reopened.close();
    assert.deepEqual([...reopened.finished.values()], runs.map(({ equity: _curve, ...summary }) => summary), 'a reopened file knows the same runs, without their curves');
    // Sharpe grows with the grid index in these runs.
    assert.deepEqual(reopened.best.runs, [runs[2], runs[1], runs[0]], 'and the best runs by Sharpe, with theirs');
    const narrower = new SweepResultsFile(path, 'aaa', (paramsHash) => paramsHash !== 'three');
    narrower.close();
    assert.equal(narrower.finished.size, 3, 'resume still skips every run the file holds');
    assert.deepEqual(narrower.best.runs, [runs[1], runs[0]], 'the best runs only of the runs in this sweep');

    const table = tableFromIPC(readFileSync(path));
    assert.equal(table.numRows, 3);
    assert.equal(table.schema.metadata.get('kind'), 'rampart-sweep-results');
    assert.equal(table.schema.metadata.get('configSha256'), 'aaa');
    assert.deepEqual(table.schema.names.slice(0, 3), ['gridIndex', 'paramsHash', 'params']);
    for (const key of SWEEP_RESULT_METRIC_KEYS) assert.equal(String(table.getChild(key)?.type), 'Float64', `metric ${key} is its own float64 column`);
    assert.equal(table.getChild('profitFactor')?.get(1), null);
    assert.equal(table.getChild('sharpe')?.get(2), runs[2].metrics.sharpe);
    assert.deepEqual(JSON.parse(table.getChild('params')?.get(0) as string), runs[0].params);
    assert.deepEqual(Array.from(table.getChild('equityValue')?.get(1).toArray() as Float64Array), runs[1].equity.map(([, equity]) => equity));
  });
});

test('a finished run reaches the file within 100 ms without waiting for the next one or the close', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-results-'));
  try {
    const path = join(dir, 'r.arrows');
    const file = new SweepResultsFile(path, 'aaa');
    file.append(result(0, 'one', 1));
    file.append(result(1, 'two', 2));
    await new Promise((resolve) => setTimeout(resolve, 250));
    assert.deepEqual(readSweepResults(path).runs.map((run) => run.paramsHash), ['one', 'two'], 'both runs are in the file while it is still open');
    file.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a results file whose last record batch a kill cut off resumes with its complete runs, and a non-finite metric is stored as null as JSON would', () => {
  inTempDir((dir) => {
    const path = join(dir, 'r.arrows');
    const file = new SweepResultsFile(path, 'aaa');
    file.append(result(0, 'one', null));
    file.flush();
    const afterOne = statSync(path).size;
    file.append({ ...result(1, 'two', 2), metrics: { ...result(1, 'two', 2).metrics, sortino: Number.POSITIVE_INFINITY, sharpe: Number.NaN } });
    file.close();
    // Cut in the middle of the second run's record batch, as a kill while writing it would.
    const cutAt = afterOne + Math.floor((statSync(path).size - 8 - afterOne) / 2);
    truncateSync(path, cutAt);
    assert.deepEqual(
      readSweepResults(path).runs.map((run) => run.paramsHash),
      ['one'],
      'the reader leaves the cut-off run out',
    );
    assert.equal(statSync(path).size, cutAt, 'reading does not change the file');

    const reopened = new SweepResultsFile(path, 'aaa');
    assert.deepEqual([...reopened.finished.keys()], ['one']);
    assert.equal(statSync(path).size, afterOne, 'the cut-off batch is dropped');
    reopened.append({ ...result(1, 'two', 2), metrics: { ...result(1, 'two', 2).metrics, sortino: Number.POSITIVE_INFINITY, sharpe: Number.NaN } });
    reopened.append(result(2, 'three', 3));
    reopened.close();
    const { runs } = readSweepResults(path);
    assert.deepEqual(
      runs.map((run) => run.paramsHash),
      ['one', 'two', 'three'],
    );
    assert.equal(runs[1].metrics.sortino, null);
    assert.equal(runs[1].metrics.sharpe, null);
    assert.equal(tableFromIPC(readFileSync(path)).numRows, 3, 'the resumed file opens whole');
  });
});

test('an empty results file (killed before its schema was written) starts afresh', () => {
  inTempDir((dir) => {
    const path = join(dir, 'r.arrows');
    writeFileSync(path, '');
    const file = new SweepResultsFile(path, 'aaa');
    assert.equal(file.finished.size, 0);
    file.append(result(0, 'one', 1));
    file.close();
    assert.equal(readSweepResults(path).runs.length, 1);
  });
});

test('a results file of another config is refused, naming both hashes', () => {
  inTempDir((dir) => {
    const path = join(dir, 'r.arrows');
    const file = new SweepResultsFile(path, 'aaa');
    file.append(result(0, 'one', 1));
    file.close();
    const before = readFileSync(path);
    assert.throws(() => new SweepResultsFile(path, 'bbb'), /r\.arrows: holds results of another config \(sha256 aaa, this one is bbb\); name another --results file/);
    assert.deepEqual(readFileSync(path), before, 'the refused file is left as it was');
  });
});

test('a file that is not a sweep results file is refused and left as it was; a .jsonl path is refused naming the Arrow format', () => {
  inTempDir((dir) => {
    const others: Array<[string, string | Uint8Array, RegExp]> = [
      ['old.arrows', '{"kind":"rampart-sweep-results","configSha256":"aaa"}\n', /not a sweep results file \(not an Arrow IPC stream/],
      ['candles.arrows', tableToIPC(tableFromArrays({ time: new Float64Array([1, 2]) }), 'file'), /not a sweep results file \(not an Arrow IPC stream/],
      ['other.arrows', tableToIPC(tableFromArrays({ time: new Float64Array([1, 2]) }), 'stream'), /not a sweep results file \(an Arrow stream without the schema metadata kind=rampart-sweep-results\)/],
    ];
    for (const [name, content, message] of others) {
      const path = join(dir, name);
      writeFileSync(path, content);
      assert.throws(() => new SweepResultsFile(path, 'aaa'), message, name);
      assert.throws(() => readSweepResults(path), message, name);
      assert.deepEqual(readFileSync(path), Buffer.from(content), `${name} is left as it was`);
    }
    assert.throws(() => new SweepResultsFile(join(dir, 'r.jsonl'), 'aaa'), /r\.jsonl: sweep results are an Arrow IPC stream now, not JSON lines; name a \.arrows file/);
  });
});
