import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { InputError } from '../../domain/errors/inputError.ts';
import { hashFile } from './loadConfig.ts';
import { frozenConfigMatches, loadScaleRules } from './loadScaleRules.ts';

const shippedRules = resolve(import.meta.dirname, '../../../config/r1-scale-rules.yaml');
const shippedConfig = resolve(import.meta.dirname, '../../../config/r1-ensemble.yaml');
const cli = resolve(import.meta.dirname, '../../../bin/rampart.mjs');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the shipped rules and config in a temp dir, the rules text edited by `edit`. */
function rulesCopy(edit: (text: string) => string = (text) => text): { dir: string; rules: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-rules-'));
  dirs.push(dir);
  const config = join(dir, 'r1-ensemble.yaml');
  copyFileSync(shippedConfig, config);
  const rules = join(dir, 'rules.yaml');
  writeFileSync(rules, edit(readFileSync(shippedRules, 'utf8')));
  return { dir, rules, config };
}

function expectInputError(rules: string, keyPath: string, message: RegExp): void {
  assert.throws(() => loadScaleRules(rules), (error: unknown) => {
    assert.ok(error instanceof InputError, `bad input is an InputError (exit 2), was ${String(error)}`);
    assert.equal(error.details.keyPath, keyPath, `the error names the key path ${keyPath}: ${error.message}`);
    assert.match(error.message, message);
    return true;
  });
}

describe('loadScaleRules', () => {
  test('the shipped rules pin the shipped R1 config by its current hash', () => {
    const loaded = loadScaleRules(shippedRules);
    assert.equal(loaded.frozenConfigPath, shippedConfig);
    const pin = frozenConfigMatches(loaded, shippedConfig);
    assert.equal(pin.pinned, hashFile(shippedConfig), 'config/r1-scale-rules.yaml pins config/r1-ensemble.yaml as it is: a change to the frozen config must re-pin it deliberately');
    assert.ok(pin.ok);
  });

  test('carries the R1 SOP ladder: paper, then $5,000, $10,000 and $15,000 with their exit and abort criteria', () => {
    const { rules } = loadScaleRules(shippedRules);
    assert.deepEqual(rules.ladder.map((stage) => [stage.stage, stage.mode, stage.capital]), [[0, 'paper', 0], [1, 'live', 5000], [2, 'live', 10000], [3, 'live', 15000]]);
    assert.deepEqual(rules.ladder[1].abort?.any.map((criterion) => `${criterion.metric} ${criterion.op} ${criterion.value}`), ['runningMaxDrawdownPct > 12', 'sharpe14d < -0.5', 'apiFailures24h > 3']);
    assert.equal(rules.launch.maxClockOffsetMs, 100);
    assert.equal(rules.launch.minTestnetTrades, 3);
    assert.equal(rules.restart.approvers, 2);
  });

  test('a changed byte in the pinned config is a mismatch naming both hashes', () => {
    const { rules, config } = rulesCopy();
    writeFileSync(config, `${readFileSync(config, 'utf8')} `);
    const pin = frozenConfigMatches(loadScaleRules(rules), config);
    assert.equal(pin.ok, false);
    assert.notEqual(pin.pinned, pin.actual);
  });

  test('refuses an unknown key with its key path', () => {
    expectInputError(rulesCopy((text) => text.replace('  minTestnetTrades: 3', '  minTestnetTrades: 3\n  maxClockSkew: 5')).rules, 'launch', /launch\.maxClockSkew: unknown key/);
  });

  test('refuses a negative bound with its key path', () => {
    expectInputError(rulesCopy((text) => text.replace('maxClockOffsetMs: 100', 'maxClockOffsetMs: -100')).rules, 'launch.maxClockOffsetMs', /launch\.maxClockOffsetMs: .*was -100/);
  });

  test('refuses a live stage without capital', () => {
    expectInputError(rulesCopy((text) => text.replace('capital: 10000', 'capital: 0')).rules, 'ladder[2].capital', /ladder\[2\]\.capital: a live stage needs a positive capital/);
  });

  test('refuses a missing pinned file, naming it and how to restore it', () => {
    const { rules, config } = rulesCopy();
    rmSync(config);
    expectInputError(rules, 'frozenConfig.file', /does not exist .*git checkout -- r1-ensemble\.yaml/);
  });

  test('a mistyped rules path is refused as a rules file, naming the path', () => {
    const { dir } = rulesCopy();
    assert.throws(() => loadScaleRules(join(dir, 'rules.yml')), /cannot read rules file .*rules\.yml: no such file/);
  });

  test('a YAML syntax error names the line and column', () => {
    const { rules } = rulesCopy((text) => text.replace('launch:', 'launch: [unclosed'));
    assert.throws(() => loadScaleRules(rules), /rules\.yaml:\d+:\d+: not valid YAML/);
  });

  test('`rampart config rules` exits 2 on a bad rules file, naming the key path, and writes nothing', () => {
    const { dir, rules } = rulesCopy((text) => text.replace('capital: 5000', 'capital: -5'));
    const before = readdirSync(dir).sort();
    const run = spawnSync(process.execPath, [cli, 'config', 'rules', rules], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /ladder\[1\]\.capital/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace for bad input');
    assert.deepEqual(readdirSync(dir).sort(), before, 'nothing written');
  });

  test('`rampart config rules` exits 1 on a changed frozen config and says how to restore it', () => {
    const { dir, rules, config } = rulesCopy();
    writeFileSync(config, readFileSync(config, 'utf8').replace('leverage: 3', 'leverage: 5'));
    const run = spawnSync(process.execPath, [cli, 'config', 'rules', rules], { cwd: dir, encoding: 'utf8' });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /CHANGED: restore the frozen file \(git checkout -- r1-ensemble\.yaml\)/);
  });
});
