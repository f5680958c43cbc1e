import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliInProcess as cli } from '../../../test/support/cliInProcess.ts';

let dir = '';
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-badinput-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const SLEEVE = '{name: A, symbol: BTCUSDT, weight: 0.5, strategy: tsmom_ema}';
const HEAD = 'name: t\ndata: {syntheticFallback: {bars: 30, seed: 1}}\n';

function writeConfig(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function assertBadInput(run: { code: number; stderr: string }, mentions: Array<string | RegExp>, what: string): void {
  assert.equal(run.code, 2, `${what}: exit code 2, stderr was ${run.stderr}`);
  for (const mention of mentions) {
    if (typeof mention === 'string') assert.ok(run.stderr.includes(mention), `${what}: message names ${mention}; was ${run.stderr}`);
    else assert.match(run.stderr, mention, `${what}: message matches ${mention}`);
  }
  assert.ok(!run.stderr.split('\n').some((line) => line.startsWith('    at ')), `${what}: no stack trace without --debug`);
}

describe('rampart backtest: bad input exits 2 naming the file, key path and value', () => {
  test('an unknown config key', async () => {
    const path = writeConfig('unknown.yaml', `${HEAD}sleeves:\n  - {name: A, symbol: BTCUSDT, weight: 0.5, strategy: tsmom_ema, foo: 1}\n`);
    assertBadInput(await cli(['backtest', '-c', path, '--quiet']), [path, 'sleeves[0].foo', 'unknown key'], 'unknown key');
  });

  test('a wrong type', async () => {
    const path = writeConfig('type.yaml', `${HEAD}capital: {initial: lots}\nsleeves:\n  - ${SLEEVE}\n`);
    assertBadInput(await cli(['backtest', '-c', path, '--quiet']), [path, 'capital.initial', '"lots"'], 'wrong type');
  });

  test('a missing config file', async () => {
    const path = join(dir, 'nope.yaml');
    assertBadInput(await cli(['backtest', '-c', path, '--quiet']), [path, 'no such file'], 'missing config');
  });

  test('an unreadable data file named in a sleeve', async () => {
    const path = writeConfig('data.yaml', `${HEAD}sleeves:\n  - {name: A, symbol: BTCUSDT, weight: 0.5, strategy: tsmom_ema, data: {file: missing-1h.csv}}\n`);
    assertBadInput(await cli(['backtest', '-c', path, '--quiet']), ['missing-1h.csv'], 'missing data file');
    const garbage = join(dir, 'garbage-1h.csv');
    writeFileSync(garbage, 'time,open,high,low,close,volume\n2023-01-01T00:00:00Z,1,2,x,1,1\n');
    const path2 = writeConfig('data2.yaml', `${HEAD}sleeves:\n  - {name: A, symbol: BTCUSDT, weight: 0.5, strategy: tsmom_ema, data: {file: garbage-1h.csv}}\n`);
    assertBadInput(await cli(['backtest', '-c', path2, '--quiet']), ['garbage-1h.csv'], 'corrupt data file');
  });

  test('an unknown strategy name', async () => {
    const path = writeConfig('strategy.yaml', `${HEAD}sleeves:\n  - {name: A, symbol: BTCUSDT, weight: 0.5, strategy: tsmom_emma}\n`);
    assertBadInput(await cli(['backtest', '-c', path, '--quiet']), ['tsmom_emma', 'tsmom_ema'], 'unknown strategy');
  });

  test('a user strategy that throws in onBar names the sleeve and the file; --debug adds the stack', async () => {
    writeFileSync(join(dir, 'thrower.mjs'), "export default { name: 'thrower', create: () => ({ name: 'thrower', warmupBars: 0, onBar() { throw new Error('kaboom'); } }) };");
    const path = writeConfig('throws.yaml', `${HEAD}sleeves:\n  - {name: ALPHA, symbol: BTCUSDT, weight: 0.5, strategy: ./thrower.mjs}\n`);
    assertBadInput(await cli(['backtest', '-c', path, '--quiet']), ['ALPHA', 'thrower.mjs', 'kaboom', '2023-01-01T00:00:00.000Z'], 'throwing strategy');
    const debug = await cli(['--debug', 'backtest', '-c', path, '--quiet']);
    assert.equal(debug.code, 2, 'still exit 2');
    assert.ok(debug.stderr.split('\n').some((line) => line.startsWith('    at ')), 'the stack with --debug');
  });

  test('a bad --from', async () => {
    const path = writeConfig('ok.yaml', `${HEAD}sleeves:\n  - ${SLEEVE}\n`);
    assertBadInput(await cli(['backtest', '-c', path, '--from', 'yesterday', '--quiet']), ['--from', 'yesterday'], 'bad --from');
  });
});

describe('rampart config hash', () => {
  test('prints what sha256sum prints', async () => {
    const path = writeConfig('hash.yaml', 'name: x\r\n# bytes, not text: CRLF and ü count\r\n');
    const run = await cli(['config', 'hash', path]);
    assert.equal(run.code, 0, 'exit 0');
    const digest = createHash('sha256').update(readFileSync(path)).digest('hex');
    assert.equal(run.stdout, `${digest}  ${path}\n`, 'sha256sum format: digest, two spaces, file name');
  });
});

describe('rampart sweep and walk-forward: an output path that names a directory', () => {
  test('is refused with exit 2 before any run, for each report of both commands', async () => {
    const config = writeConfig('outputs.yaml', `${HEAD}sleeves:\n  - ${SLEEVE}\n`);
    const grid = join(dir, 'outputs-grid.yaml');
    writeFileSync(grid, 'parameters:\n  execution.feeBps: [1, 2]\n');
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    for (const [what, args] of [
      ['sweep --results', ['sweep', '-c', config, '--grid', grid, '--quiet', '--workers', '1', '--results', folder]],
      ['sweep --json', ['sweep', '-c', config, '--grid', grid, '--quiet', '--workers', '1', '--results', join(dir, 'o.arrows'), '--json', folder]],
      ['sweep --html', ['sweep', '-c', config, '--grid', grid, '--quiet', '--workers', '1', '--results', join(dir, 'o.arrows'), '--html', folder]],
      ['walk-forward --json', ['walk-forward', '-c', config, '--grid', grid, '--train', '1d', '--test', '1d', '--quiet', '--workers', '1', '--json', folder]],
      ['walk-forward --html', ['walk-forward', '-c', config, '--grid', grid, '--train', '1d', '--test', '1d', '--quiet', '--workers', '1', '--html', folder]],
    ] as const) {
      const flag = what.split(' ')[1];
      assertBadInput(await cli([...args]), [`${flag} names a directory, not a file: ${folder}`], what);
    }
    assert.ok(!existsSync(join(dir, 'o.arrows')), 'no run was written');
  });
});

describe('rampart sweep and walk-forward: --workers beside --queue', () => {
  test('is refused with exit 2 before anything is read or published, for both commands', async () => {
    const config = writeConfig('queue.yaml', `${HEAD}sleeves:\n  - ${SLEEVE}\n`);
    const grid = join(dir, 'queue-grid.yaml');
    writeFileSync(grid, 'parameters:\n  execution.feeBps: [1, 2]\n');
    const queue = 'redis://127.0.0.1:1';
    for (const [command, args] of [
      ['sweep', ['sweep', '-c', config, '--grid', grid, '--queue', queue, '--workers', '2', '--quiet']],
      ['walk-forward', ['walk-forward', '-c', config, '--grid', grid, '--train', '1d', '--test', '1d', '--queue', queue, '--workers', '2', '--quiet']],
    ] as const) {
      assertBadInput(await cli([...args]), ['--workers', `threads of a ${command} run here`, 'start more of them instead'], command);
    }
  });
});
