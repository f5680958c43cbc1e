import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../../app/sharedWithInterfaces.ts';
import { sweepJob } from '../../../app/wiring/sweepJobs.ts';
import { readSweepResults } from '../../../app/research/sweepResultsFile.ts';
import { cliInProcess } from '../../../../test/support/cliInProcess.ts';
import { skipWithoutShared } from '../../../../test/support/sharedData.ts';
import { rampartBin, writeSweepFixture } from '../../../../test/support/sweepFixture.ts';

interface ResultLine {
  gridIndex: number;
  paramsHash: string;
  equity: unknown;
  params: Record<string, unknown>;
  metrics: Record<string, number | null>;
}

function rampart(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [rampartBin, ...args], { cwd, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function resultLines(path: string): ResultLine[] {
  return readSweepResults(path).runs as unknown as ResultLine[];
}

/** Runs in the results file of a sweep still running (none while it has not written its schema yet). */
function runsSoFar(path: string): number {
  try {
    return readSweepResults(path).runs.length;
  } catch {
    return 0;
  }
}

/** One of `runs` chosen at random, exported and run alone by `rampart backtest`, reports the sweep's metrics. */
async function assertRandomRunAlone(dir: string, config: string, grid: string, runs: readonly ResultLine[]): Promise<void> {
  const chosen = runs[Math.floor(Math.random() * runs.length)];
  const exported = await cliInProcess(['sweep', '-c', config, '--grid', grid, '--export-run', chosen.paramsHash, '--out', join(dir, 'chosen.yaml')]);
  assert.equal(exported.code, 0, exported.stderr);
  const alone = await rampart(['backtest', '-c', join(dir, 'chosen.yaml'), '--json', 'chosen.json', '--html', 'chosen.html', '--quiet'], dir);
  assert.equal(alone.code, 0, alone.stderr);
  const report = JSON.parse(readFileSync(join(dir, 'chosen.json'), 'utf8')) as { metrics: unknown };
  assert.deepEqual(report.metrics, chosen.metrics, `run ${chosen.paramsHash} ${JSON.stringify(chosen.params)} alone gives the sweep's metrics`);
}

describe('rampart sweep', { skip: skipWithoutShared }, () => {
  const fixture = skipWithoutShared ? undefined : writeSweepFixture();
  after(() => fixture && rmSync(fixture.dir, { recursive: true, force: true }));
  let complete: ResultLine[] = [];

  test('a sweep on shared data finishes with progress, writes its results and HTML, and a run chosen at random re-run alone by `rampart backtest` reports identical metrics', async () => {
    const { dir, config, grid } = fixture!;
    const sweep = await rampart(['sweep', '-c', config, '--grid', grid, '--workers', '2', '--results', 'full.arrows', '--html', 'full.html', '--json', 'full.json'], dir);
    assert.equal(sweep.code, 0, `exit 0, stderr: ${sweep.stderr}`);
    assert.match(sweep.stderr, /24\/24 runs \(100%\), [0-9.]+ runs\/s, ETA 0s/, 'the progress reaches the end with runs/s and ETA');
    assert.match(sweep.stdout, /24 run now, 0 resumed/);
    complete = resultLines(join(dir, 'full.arrows'));
    assert.equal(complete.length, 24, 'one result line per run');
    assert.equal(new Set(complete.map((line) => line.paramsHash)).size, 24, 'every run has its own hash');
    assert.ok(new Set(complete.map((line) => line.metrics.sharpe)).size > 4, 'the parameters change the outcome');
    const html = readFileSync(join(dir, 'full.html'), 'utf8');
    for (const part of ['id="runs"', 'id="heatmap"', 'id="best-equity"', 'Robustness', 'sleeves[0].params.lookback']) assert.ok(html.includes(part), `the HTML has ${part}`);
    // The JSON report: every run's metrics in grid order, the curves of the five best only (all are in the results file).
    const json = JSON.parse(readFileSync(join(dir, 'full.json'), 'utf8')) as { resultsPath: string; runs: Array<{ gridIndex: number; equity?: unknown; metrics: unknown }>; best: ResultLine[] };
    assert.equal(json.resultsPath, join(dir, 'full.arrows'));
    assert.deepEqual(json.runs.map((run) => run.gridIndex), [...Array(24).keys()], 'every run, in grid order');
    assert.ok(json.runs.every((run) => run.equity === undefined), 'no curve per run');
    const sharpe = (run: ResultLine) => run.metrics.sharpe ?? Number.NEGATIVE_INFINITY;
    const bestFive = [...complete].sort((a, b) => sharpe(b) - sharpe(a) || a.gridIndex - b.gridIndex).slice(0, 5);
    assert.deepEqual(json.best.map((run) => run.paramsHash), bestFive.map((run) => run.paramsHash), 'the five best by Sharpe, best first');
    assert.deepEqual(json.best.map((run) => run.equity), bestFive.map((run) => run.equity), 'with the curves the results file holds');

    await assertRandomRunAlone(dir, config, grid, complete);
  });

  test('a 1,000-run sweep on shared data finishes with its progress bar, results file and HTML, and a run chosen at random re-run alone reports identical metrics', async () => {
    // 250 lookbacks × 4 fee levels on the 5,000 shared EURUSD bars.
    const large = writeSweepFixture('parameters:\n  sleeves[0].params.lookback: {from: 10, to: 259, step: 1}\n  execution.feeBps: [1, 2, 3, 4]\n');
    try {
      const sweep = await rampart(['sweep', '-c', large.config, '--grid', large.grid, '--results', 'large.arrows', '--html', 'large.html', '--json', 'large.json'], large.dir);
      assert.equal(sweep.code, 0, `exit 0, stderr: ${sweep.stderr}`);
      assert.match(sweep.stderr, /1000\/1000 runs \(100%\), [0-9.]+ runs\/s, ETA 0s/, 'the progress reaches the end with runs/s and ETA');
      const runs = resultLines(join(large.dir, 'large.arrows'));
      assert.equal(runs.length, 1_000, 'one result per run');
      assert.equal(new Set(runs.map((run) => run.paramsHash)).size, 1_000, 'every run has its own hash');
      assert.ok(readFileSync(join(large.dir, 'large.html'), 'utf8').includes('id="heatmap"'), 'the HTML report is written');
      await assertRandomRunAlone(large.dir, large.config, large.grid, runs);
    } finally {
      rmSync(large.dir, { recursive: true, force: true });
    }
  });

  test('a sweep killed mid-way resumes without redoing its finished runs, and ends with the results of an uninterrupted sweep', async () => {
    const { dir, config, grid } = fixture!;
    const results = join(dir, 'killed.arrows');
    const child = spawn(process.execPath, [rampartBin, 'sweep', '-c', config, '--grid', grid, '--workers', '1', '--results', results, '--quiet'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let killed = false;
    while (!killed) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (child.exitCode !== null) break;
      if (existsSync(results) && runsSoFar(results) >= 2) killed = child.kill('SIGKILL');
    }
    await exited;
    assert.ok(killed, 'the sweep was killed before it finished');
    const before = resultLines(results);
    assert.ok(before.length < 24, `killed with ${before.length} of 24 runs done`);

    const resumed = await rampart(['sweep', '-c', config, '--grid', grid, '--workers', '1', '--results', results, '--quiet'], dir);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, new RegExp(`${24 - before.length} run now, ${before.length} resumed`), 'only the unfinished runs ran');
    const after = resultLines(results);
    assert.equal(after.length, 24, 'no run was done twice');
    const byHash = new Map(complete.map((line) => [line.paramsHash, line.metrics]));
    for (const line of after) assert.deepEqual(line.metrics, byHash.get(line.paramsHash), `run ${line.paramsHash} matches the uninterrupted sweep`);
  });

  test('a grid naming an unknown config key, a data key or a value the strategy refuses is refused with exit 2, the grid file and the key path', async () => {
    const cases: Array<[string, RegExp]> = [
      ['parameters:\n  execution.feeBp: [1, 2]\n', /grid\.yaml.*execution\.feeBp: unknown key/s],
      ['parameters:\n  data.timeframe: [1h, 4h]\n', /grid\.yaml: parameters\.data\.timeframe: a sweep shares one load of the data/],
      ['parameters:\n  sleeves[0].params.lookback: [1, 24]\n', /grid\.yaml.*sleeves\[0\]\.params\.lookback/s],
      ['parameters:\n  sleeves[3].weight: [0.1]\n', /grid\.yaml: parameters\.sleeves\[3\]\.weight: the config has no element \[3\]/],
      ['parameters:\n  execution.feeBps: {from: 5, to: 1, step: 1}\n', /grid\.yaml.*parameters\.execution\.feeBps.*to must not be below from/s],
    ];
    // The first through the CLI in a child process (the exit code), the others through the job in this process.
    const [first, ...others] = cases;
    const bad = writeSweepFixture(first[0]);
    try {
      const run = await rampart(['sweep', '-c', bad.config, '--grid', bad.grid, '--quiet', '--results', 'r.arrows'], bad.dir);
      assert.equal(run.code, 2, `exit 2 for ${first[0]}: ${run.stderr}`);
      assert.match(run.stderr, first[1]);
      assert.ok(!existsSync(join(bad.dir, 'r.arrows')), 'nothing ran');
    } finally {
      rmSync(bad.dir, { recursive: true, force: true });
    }
    for (const [text, message] of others) {
      const fixture = writeSweepFixture(text);
      try {
        await assert.rejects(sweepJob({ configPath: fixture.config, gridPath: fixture.grid, resultsPath: join(fixture.dir, 'r.arrows') }), (error: unknown) => {
          assert.ok(error instanceof InputError, `bad input (exit 2) for ${text}`);
          assert.match(error.message, message);
          return true;
        });
        assert.ok(!existsSync(join(fixture.dir, 'r.arrows')), 'nothing ran');
      } finally {
        rmSync(fixture.dir, { recursive: true, force: true });
      }
    }
  });

  test('a JSON-lines --results file of an older sweep is refused with exit 2, naming the Arrow stream format, before anything runs', async () => {
    const { dir, config, grid } = fixture!;
    const run = await rampart(['sweep', '-c', config, '--grid', grid, '--quiet', '--results', 'old.jsonl'], dir);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /old\.jsonl: sweep results are an Arrow IPC stream now, not JSON lines; name a \.arrows file/);
    assert.ok(!existsSync(join(dir, 'old.jsonl')), 'nothing ran');
  });

  test('a user strategy throwing inside a worker thread is bad input naming the sleeve and the file, not an internal error', async () => {
    const { dir, config } = fixture!;
    const strategy = join(dir, 'throwing.mjs');
    writeFileSync(
      strategy,
      `export default { name: 'throwing', description: 'throws on its 10th bar', paramsSchema: { safeParse: (params) => ({ success: true, data: params }) },
  create: (params) => { let bars = 0; return { name: 'throwing', warmupBars: 0, onBar(bar, position, signal) { if (++bars === 10) throw new Error('boom at ' + params.at); signal.target = 0; } }; } };\n`,
    );
    const userConfig = join(dir, 'user.yaml');
    writeFileSync(userConfig, readFileSync(config, 'utf8').replace('strategy: tsmom_ema, params: {lookback: 48}', `strategy: ${strategy}, params: {at: 1}`));
    const grid = join(dir, 'user-grid.yaml');
    writeFileSync(grid, 'parameters:\n  sleeves[0].params.at: [1, 2]\n');
    await assert.rejects(sweepJob({ configPath: userConfig, gridPath: grid, workers: 1, resultsPath: join(dir, 'user.arrows') }), (error: unknown) => {
      assert.ok(error instanceof InputError, `bad input, was ${String(error)}`);
      assert.match(error.message, /sleeve EUR: strategy .*throwing\.mjs .* threw in onBar .*boom at/);
      return true;
    });
  });
});
