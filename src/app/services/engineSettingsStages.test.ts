import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../config/loadConfig.ts';
import { engineSettingsFrom } from './runBacktest.ts';

// Issue 19 (staged risk): a backtest sizes from the ladder's first step, not from riskPerTradePct.
test('with sizing.stages the engine settings risk the first step per trade; without, riskPerTradePct', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-stages-'));
  try {
    const base = readFileSync(resolve(import.meta.dirname, '../../../config/r1-ensemble.yaml'), 'utf8');
    writeFileSync(join(dir, 'staged.yaml'), base.replace('sizing: {mode: weight}', 'sizing: {mode: risk, riskPerTradePct: 2, stages: {steps: [0.005, 0.01, 0.015, 0.02]}}'));
    writeFileSync(join(dir, 'flat.yaml'), base.replace('sizing: {mode: weight}', 'sizing: {mode: risk, riskPerTradePct: 2}'));
    assert.equal(engineSettingsFrom(loadConfig(join(dir, 'staged.yaml')).config).sizing.riskPerTrade, 0.005, "the Pragma ladder's first step, 0.5 %");
    assert.equal(engineSettingsFrom(loadConfig(join(dir, 'flat.yaml')).config).sizing.riskPerTrade, 0.02);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
