import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../bin/rampart.mjs', import.meta.url));

/**
 * The real CLI as a process: these commands import strategy files, and while an import awaits, the test
 * runner's own messages would go through a captured in-process stdout.
 */
function rampart(args: string[]): Promise<{ code: number; stdout: string; stderr: string; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: dir, maxBuffer: 16 << 20, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr, out: `${stdout}${stderr}` });
    });
  });
}

let dir = '';

const SOUND = `import { defineStrategy, Ema, z } from 'rampart/strategy';
export default defineStrategy({
  name: 'ema_trend',
  description: 'long above its EMA',
  paramsSchema: z.object({ period: z.number().int().min(2).default(50).describe('EMA length in bars') }).strict(),
  create: (params) => {
    const ema = new Ema(params.period);
    return { name: 'ema_trend', warmupBars: params.period, onBar(bar, _position, signal) { signal.target = bar.close > ema.update(bar.close) ? 1 : 0; } };
  },
});
`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-strategies-cli-'));
  writeFileSync(join(dir, 'sound.ts'), SOUND);
  // Runs (JavaScript does not care), but a string target is a type error the check must report.
  writeFileSync(join(dir, 'mistyped.ts'), SOUND.replace("? 1 : 0", "? 'long' : 0"));
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('rampart strategies', () => {
  test('list prints every built-in with its parameters, defaults and descriptions', async () => {
    const run = await rampart(['strategies', 'list']);
    assert.equal(run.code, 0, run.out);
    for (const name of ['tsmom_ema', 'tsmom_multi_ema', 'breakout_vol_atr', 'sma_cross']) assert.match(run.stdout, new RegExp(`^${name} — `, 'm'), name);
    assert.match(run.stdout, /^\s+fast\s+integer ≥ 1\s+10\s+fast SMA length in bars$/m, 'sma_cross.fast: type, default, description');
  });

  test('show prints a strategy file’s parameters from its schema, and a built-in’s by name', async () => {
    const [file, builtIn, unknown] = await Promise.all([
      rampart(['strategies', 'show', join(dir, 'sound.ts')]),
      rampart(['strategies', 'show', 'breakout_vol_atr']),
      rampart(['strategies', 'show', 'nope']),
    ]);
    assert.equal(file.code, 0, file.out);
    assert.match(file.stdout, /^ema_trend — long above its EMA$/m);
    assert.match(file.stdout, /^\s+period\s+integer ≥ 2\s+50\s+EMA length in bars$/m);
    assert.match(builtIn.stdout, /riskMultiplier\s+number > 0 ≤ 1\s+0\.7/);
    assert.equal(unknown.code, 2, 'an unknown name is bad input');
    assert.match(unknown.stderr, /unknown strategy "nope": built-in strategies are tsmom_ema/);
  });

  test('check passes a sound file and reports type errors with exit 1', async () => {
    const [sound, mistyped] = await Promise.all([rampart(['strategies', 'check', join(dir, 'sound.ts')]), rampart(['strategies', 'check', join(dir, 'mistyped.ts')])]);
    assert.equal(sound.code, 0, sound.out);
    assert.match(sound.stdout, /ema_trend: loads and starts with its default parameters; no type errors/);
    assert.equal(mistyped.code, 1, mistyped.out);
    assert.match(mistyped.stdout, /mistyped\.ts\(\d+,\d+\): error TS2322: Type 'string \| number' is not assignable to type 'number'/);
  });
});
