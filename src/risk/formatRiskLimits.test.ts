import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRiskLimits } from './formatRiskLimits.ts';
import { RiskEngine } from './riskEngine.ts';

describe('formatRiskLimits', () => {
  const engine = RiskEngine.fromConfig({
    accounts: { main: 'normal' },
    emergency: { totalLoss: { lossPct: 12 }, consecutiveLosses: { enabled: false } },
    guardrails: { preset: 'conservative' },
  });
  const text = formatRiskLimits(engine, [
    { name: 'BTC', account: 'main', symbol: 'BTCUSDT', strategy: 'breakout_vol_atr' },
    { name: 'ALT', account: 'side', symbol: 'SOLUSDT', strategy: 'tsmom_ema' },
  ]);

  test('names the profile of each account, and the cautious default for an account without one', () => {
    assert.match(text, /account main: profile normal, trading state ACTIVE/);
    assert.match(text, /daily drawdown 2%, weekly drawdown 7%, risk per trade 1%/, 'normal limits from the issue table');
    assert.match(text, /account side: profile micro \(no profile configured/);
  });

  test('lists each sleeve under its account', () => {
    assert.match(text, /account main[\s\S]*sleeve BTC: BTCUSDT breakout_vol_atr[\s\S]*account side[\s\S]*sleeve ALT/);
  });

  test('shows the configured emergency triggers and guardrail preset', () => {
    assert.match(text, /total loss 12% → HALTED/);
    assert.match(text, /consecutive losing trades off/);
    assert.match(text, /execution guardrails \(preset conservative\)/);
    assert.match(text, /total margin ≤ 80% of equity/);
  });
});
