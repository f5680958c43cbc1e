import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(root, 'bin/rampart.mjs');
const r1 = join(root, 'config/r1-ensemble.yaml');
const dirs: string[] = [];
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-cli-'));
  dirs.push(dir);
  return dir;
}

/** Spawns the real CLI in `cwd`; the spawns of a test run side by side. */
function rampart(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('rampart backtest as a process', () => {
  test('`npm start` (a bare backtest in an empty folder) writes reports/r1-ensemble.json and .html, prints a summary and names SYNTHETIC data; -c … --json twice gives identical files', async () => {
    const bare = emptyDir();
    const other = emptyDir();
    const [start, first, second] = await Promise.all([
      rampart(['backtest', '--quiet'], bare),
      rampart(['backtest', '-c', r1, '--json', 'A.json', '--quiet'], other),
      rampart(['backtest', '-c', r1, '--json', 'B.json', '--html', 'B.html', '--quiet'], other),
    ]);
    for (const run of [start, first, second]) assert.equal(run.code, 0, `exit 0, stderr: ${run.stderr}`);
    const json = join(bare, 'reports/r1-ensemble.json');
    assert.ok(existsSync(json), 'JSON report under reports/');
    const html = readFileSync(join(bare, 'reports/r1-ensemble.html'), 'utf8');
    assert.match(html, /<svg/i, 'HTML report with charts');
    assert.match(start.stdout, /SYNTHETIC/, 'the summary says the data is synthetic');
    for (const sleeve of ['BTC', 'ETH', 'SOL']) assert.ok(start.stdout.includes(sleeve), `summary shows sleeve ${sleeve}`);
    assert.match(start.stdout, /sharpe/i, 'summary shows metrics');
    const report = JSON.parse(readFileSync(json, 'utf8')) as { meta: { dataSources: Array<{ synthetic: boolean }> }; metrics: { trades: number } };
    assert.ok(report.meta.dataSources.every((source) => source.synthetic), 'every source labelled synthetic');
    assert.ok(report.metrics.trades > 0, 'the demo trades');
    const a = readFileSync(join(other, 'A.json'));
    const b = readFileSync(join(other, 'B.json'));
    assert.ok(a.equals(b), 'two runs of the same config write byte-identical JSON');
    assert.ok(a.equals(readFileSync(json)), 'the default run is the same backtest');
  });

  test('bad input in a real process: exit 2, the message, no stack trace; config hash matches sha256sum', async () => {
    const dir = emptyDir();
    const [missing, hash] = await Promise.all([rampart(['backtest', '-c', 'absent.yaml'], dir), rampart(['config', 'hash', r1], dir)]);
    assert.equal(missing.code, 2, `exit 2, stderr: ${missing.stderr}`);
    assert.match(missing.stderr, /absent\.yaml/, 'names the file');
    assert.ok(!/^\s{4}at /m.test(missing.stderr), 'no stack trace');
    assert.equal(hash.code, 0, 'hash exits 0');
    const sha = spawnSync('sha256sum', [r1], { encoding: 'utf8' });
    if (sha.status === 0) assert.equal(hash.stdout, sha.stdout, 'identical to sha256sum output');
    else assert.match(hash.stdout, /^[0-9a-f]{64} {2}/, 'a hex digest (sha256sum absent here)');
  });
});
