import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const binPath = fileURLToPath(new URL('../../../bin/rampart.mjs', import.meta.url));
let dir = '';

/** A config beside the strategy, in a temp folder with no package.json: what a user writes outside the repository. */
function writeConfig(name: string, strategyFile: string): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `name: ${name}\nsleeves:\n  - {name: BTC, symbol: BTCUSDT, strategy: ./${strategyFile}, weight: 1}\ndata:\n  store: ${join(dir, 'store')}\n  syntheticFallback: {bars: 500}\n`,
  );
  return path;
}

async function backtest(configPath: string): Promise<{ trades: number }> {
  const json = join(dir, 'report.json');
  // The real CLI process: it registers tsx's ES-module hooks only, as a user's `rampart` does.
  await promisify(execFile)(process.execPath, [binPath, 'backtest', '-c', configPath, '--json', json, '--html', join(dir, 'report.html')], { cwd: dir, timeout: 120_000 });
  return (JSON.parse(readFileSync(json, 'utf8')) as { metrics: { trades: number } }).metrics;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-anywhere-'));
  writeFileSync(
    join(dir, 'plain.ts'),
    `const definition = { name: 'flip', create: () => { let n = 0; return { name: 'flip', warmupBars: 0,
       onBar(_bar: unknown, _position: unknown, signal: { target: number }): void { n++; signal.target = n % 50 < 25 ? 1 : 0; } }; } };
     export default definition;`,
  );
  writeFileSync(join(dir, 'helper.ts'), 'export const fullSize: number = 1;');
  writeFileSync(
    join(dir, 'packaged.ts'),
    `import { defineStrategy, Sma, z } from 'rampart/strategy';
     import { fullSize } from './helper.ts';
     export default defineStrategy({
       name: 'above_sma',
       paramsSchema: z.object({ period: z.number().int().min(1).default(20).describe('SMA length in bars') }).strict(),
       create: (params) => {
         const sma = new Sma(params.period);
         return { name: 'above_sma', warmupBars: params.period, onBar(bar, _position, signal) { signal.target = bar.close > sma.update(bar.close) ? fullSize : 0; } };
       },
     });`,
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('importStrategyModule through the rampart CLI', () => {
  test('backtests a TypeScript strategy without imports from a folder outside the repository', async () => {
    const { trades } = await backtest(writeConfig('plain', 'plain.ts'));
    assert.ok(trades > 0, `the strategy traded, made ${trades} trades`);
  });

  test('backtests a strategy outside the repository that imports rampart/strategy by package name and a helper beside it', async () => {
    const { trades } = await backtest(writeConfig('packaged', 'packaged.ts'));
    assert.ok(trades > 0, `the strategy traded, made ${trades} trades`);
  });
});
