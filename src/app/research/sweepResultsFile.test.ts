import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BacktestMetrics } from '../../engine/report/backtestReport.ts';
import { SweepResultsFile } from './sweepResultsFile.ts';

const result = (hash: string) => ({ gridIndex: 0, paramsHash: hash, params: {}, metrics: { sharpe: 1 } as BacktestMetrics, equity: [] });

test('a reopened results file knows its finished runs, drops a line cut off by a kill and refuses another config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-results-'));
  try {
    const path = join(dir, 'r.jsonl');
    const file = new SweepResultsFile(path, 'aaa');
    file.append(result('one'));
    file.append(result('two'));
    file.close();
    appendFileSync(path, '{"gridIndex":0,"paramsHash":"thr');
    const reopened = new SweepResultsFile(path, 'aaa');
    assert.deepEqual([...reopened.finished.keys()], ['one', 'two']);
    reopened.append(result('three'));
    reopened.close();
    assert.equal(readFileSync(path, 'utf8').split('\n').filter(Boolean).length, 4, 'header and three whole lines');
    assert.throws(() => new SweepResultsFile(path, 'bbb'), /holds results of another config/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
