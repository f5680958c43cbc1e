import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openQueue } from '../../../app/wiring/queueJobs.ts';
import { readSweepResults } from '../../../app/research/sweepResultsFile.ts';
import { skipWithoutShared } from '../../../../test/support/sharedData.ts';
import { rampartBin, writeSweepFixture } from '../../../../test/support/sweepFixture.ts';

const REDIS = 'redis://127.0.0.1:6379';
const GRID = 'parameters:\n  sleeves[0].params.lookback: [24, 48, 96, 168]\n  execution.feeBps: [1, 4]\n';

interface Process {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number>;
}

function start(args: string[], cwd: string): Process {
  const child = spawn(process.execPath, [rampartBin, ...args], { cwd });
  const run: Process = { child, stdout: '', stderr: '', exited: new Promise((resolve) => child.once('exit', (code) => resolve(code ?? -1))) };
  child.stdout!.on('data', (chunk) => (run.stdout += String(chunk)));
  child.stderr!.on('data', (chunk) => (run.stderr += String(chunk)));
  return run;
}

async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const startMs = Date.now();
  while (!condition()) {
    if (Date.now() - startMs > timeoutMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function metricsByHash(path: string): Map<string, unknown> {
  return new Map(readSweepResults(path).runs.map((run) => [run.paramsHash, run.metrics]));
}

describe('rampart sweep --queue and rampart worker (BullMQ on the local Redis)', { skip: skipWithoutShared }, () => {
  const fixture = skipWithoutShared ? undefined : writeSweepFixture(GRID);
  const queueName = `rampart-test-${process.pid}-${Date.now()}`;
  const workers: Process[] = [];
  let local: Map<string, unknown>;

  before(async () => {
    const run = start(['sweep', '-c', fixture!.config, '--grid', fixture!.grid, '--workers', '2', '--results', 'local.arrows', '--quiet'], fixture!.dir);
    assert.equal(await run.exited, 0, run.stderr);
    local = metricsByHash(join(fixture!.dir, 'local.arrows'));
  });

  after(async () => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    const queue = await openQueue(REDIS, queueName);
    await queue.obliterate();
    await queue.close();
    if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
  });

  test('a sweep taken by two worker processes gives results identical, run for run, to the in-process sweep, a killed worker\'s job retried by the other', async () => {
    const { dir, config, grid } = fixture!;
    const doomed = start(['worker', '--queue', REDIS, '--queue-name', queueName, '--lock-ms', '2000'], dir);
    workers.push(doomed);
    const sweep = start(['sweep', '-c', config, '--grid', grid, '--queue', REDIS, '--queue-name', queueName, '--results', 'queued.arrows', '--json', 'queued.json', '--html', 'queued.html'], dir);
    await until(() => /^active /m.test(doomed.stderr), 'the first worker to take a job');
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const killedJob = /^active (\S+)/m.exec(doomed.stderr)![1];
    const survivor = start(['worker', '--queue', REDIS, '--queue-name', queueName, '--lock-ms', '2000'], dir);
    const second = start(['worker', '--queue', REDIS, '--queue-name', queueName, '--lock-ms', '2000'], dir);
    workers.push(survivor, second);
    assert.equal(await sweep.exited, 0, sweep.stderr);
    assert.match(sweep.stderr, /8\/8 runs \(100%\)/, 'the submitter read the progress back');
    const queued = metricsByHash(join(dir, 'queued.arrows'));
    assert.equal(queued.size, local.size);
    for (const [hash, metrics] of local) assert.deepEqual(queued.get(hash), metrics, `run ${hash} on the queue matches the in-process sweep`);
    assert.ok(!doomed.stderr.includes(`completed ${killedJob}`), 'the killed worker never finished its job');
    assert.ok(`${survivor.stderr}${second.stderr}`.includes(`completed ${killedJob}`), `the killed worker's job ${killedJob} was run by another worker`);
  });

  test('runs whose config changed after submission fail twice, go to the dead-letter queue, and fail the sweep naming them', async () => {
    const { dir } = fixture!;
    const config = join(dir, 'changing.yaml');
    writeFileSync(config, readFileSync(fixture!.config));
    writeFileSync(join(dir, 'two.yaml'), 'parameters:\n  execution.feeBps: [2, 3]\n');
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGTERM');
    await Promise.all(workers.map((worker) => worker.exited));
    const sweep = start(['sweep', '-c', config, '--grid', join(dir, 'two.yaml'), '--queue', REDIS, '--queue-name', queueName, '--results', 'changing.arrows'], dir);
    await until(() => /0\/2 runs/.test(sweep.stderr), 'the runs to be published');
    appendFileSync(config, '# edited after the sweep was submitted\n');
    const worker = start(['worker', '--queue', REDIS, '--queue-name', queueName], dir);
    workers.push(worker);
    const code = await sweep.exited;
    assert.equal(code, 1, 'the sweep fails as a failed check');
    assert.match(sweep.stderr, /2 run\(s\) failed twice and went to the dead-letter queue/);
    assert.match(sweep.stderr, /changed since the sweep read it/);
    const queue = await openQueue(REDIS, queueName);
    try {
      const dead = await queue.deadLetters();
      assert.equal(dead.length, 2, 'both runs are in the dead-letter queue');
      assert.ok(dead.every((entry) => /changed since the sweep read it/.test(entry.reason)));
    } finally {
      await queue.close();
    }
    assert.equal((worker.stderr.match(/^failed /gm) ?? []).length, 4, 'each run was tried twice');
  });
});

describe('rampart walk-forward --queue (BullMQ on the local Redis)', { skip: skipWithoutShared }, () => {
  const fixture = skipWithoutShared ? undefined : writeSweepFixture(GRID);
  const queueName = `rampart-test-wf-${process.pid}-${Date.now()}`;
  const workers: Process[] = [];
  const walkForward = (extra: string[], config = fixture!.config) => ['walk-forward', '-c', config, '--grid', fixture!.grid, '--train', '90d', '--test', '45d', '--min-trades', '2', ...extra];

  after(async () => {
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    const queue = await openQueue(REDIS, queueName);
    await queue.obliterate();
    await queue.close();
    if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
  });

  test('a walk-forward whose runs two worker processes take writes the report of the walk-forward run here, window for window', async () => {
    const { dir } = fixture!;
    const local = start(walkForward(['--quiet', '--workers', '2', '--json', 'wf-local.json', '--html', 'wf-local.html']), dir);
    const localCode = await local.exited;
    assert.ok(localCode === 0 || localCode === 1, `exit 0 or 1 (acceptance bars): ${local.stderr}`);
    workers.push(start(['worker', '--queue', REDIS, '--queue-name', queueName], dir), start(['worker', '--queue', REDIS, '--queue-name', queueName], dir));
    // Both take jobs before any is published: on a loaded machine one worker's start-up outlasted a short walk-forward.
    await until(() => workers.every((worker) => /taking jobs of /.test(worker.stderr)), 'both workers to take jobs');
    const queued = start(walkForward(['--quiet', '--queue', REDIS, '--queue-name', queueName, '--json', 'wf-queued.json', '--html', 'wf-queued.html']), dir);
    assert.equal(await queued.exited, localCode, queued.stderr);
    const expected = JSON.parse(readFileSync(join(dir, 'wf-local.json'), 'utf8')) as { windows: unknown[] };
    assert.ok(expected.windows.length >= 3, 'several windows');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'wf-queued.json'), 'utf8')), expected);
    const taken = workers.map((worker) => (worker.stderr.match(/^completed /gm) ?? []).length);
    assert.ok(taken.every((count) => count > 0), `both workers took runs: ${taken.join(', ')}`);
  });

  test('a walk-forward whose runs fail twice exits 1 naming the dead-letter queue and writes no report', async () => {
    const { dir } = fixture!;
    // Another config than the first test's (its finished jobs would be reused for a week): one more comment line.
    const config = join(dir, 'changing.yaml');
    writeFileSync(config, `# a copy to edit\n${readFileSync(fixture!.config, 'utf8')}`);
    for (const worker of workers) if (worker.child.exitCode === null) worker.child.kill('SIGTERM');
    await Promise.all(workers.map((worker) => worker.exited));
    const run = start(walkForward(['--queue', REDIS, '--queue-name', queueName, '--json', 'wf-failed.json'], config), dir);
    await until(() => /walk-forward: 0\/\d+ runs/.test(run.stderr), 'the walk-forward to read its config and start');
    appendFileSync(config, '# edited after the walk-forward was submitted\n');
    workers.push(start(['worker', '--queue', REDIS, '--queue-name', queueName], dir));
    assert.equal(await run.exited, 1, run.stderr);
    assert.match(run.stderr, /run\(s\) failed twice and went to the dead-letter queue/);
    assert.match(run.stderr, /changed since the sweep read it/);
    assert.throws(() => readFileSync(join(dir, 'wf-failed.json')), 'no report');
  });
});

test('a sweep pointed at a Redis that does not answer refuses once its 10 s are up, not again at its close', { skip: skipWithoutShared }, async () => {
  const fixture = writeSweepFixture(GRID);
  try {
    const startedMs = Date.now();
    const sweep = start(['sweep', '-c', fixture.config, '--grid', fixture.grid, '--queue', 'redis://127.0.0.1:1', '--results', 'dead.arrows', '--quiet'], fixture.dir);
    assert.equal(await sweep.exited, 1, sweep.stderr);
    assert.match(sweep.stderr, /no Redis answered at redis:\/\/127\.0\.0\.1:1 within 10 s/);
    // The close waited the same 10 s again before: 20 s and more in all.
    assert.ok(Date.now() - startedMs < 19_000, `refused after ${Date.now() - startedMs} ms`);
  } finally {
    rmSync(fixture.dir, { recursive: true, force: true });
  }
});

test('a worker pointed at a Redis that does not answer refuses with exit 1, the address without its password, and never says it takes jobs', async () => {
  const worker = start(['worker', '--queue', 'redis://ops:s3cret@127.0.0.1:1'], process.cwd());
  assert.equal(await worker.exited, 1);
  assert.match(worker.stderr, /no Redis answered at redis:\/\/ops:\*\*\*@127\.0\.0\.1:1 within 10 s/);
  assert.doesNotMatch(worker.stderr, /s3cret|taking jobs/);
});
