import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../../domain/errors/inputError.ts';
import { refuseLiveTakeProfit } from './refuseLiveTakeProfit.ts';

const sleeve = (params: Record<string, unknown>, strategy = 'ml_ensemble') => ({ name: 'gold', symbol: 'XAUUSD', weight: 1, strategy, params, account: 'default' });

describe('live take-profit seam', () => {
  it('refuses an ml_ensemble sleeve with a take-profit at live start, naming the key path', () => {
    assert.throws(
      () => refuseLiveTakeProfit(sleeve({ takeProfitAtr: 1.4, stopLossAtr: 1 }), 2),
      (error: unknown) => error instanceof InputError && error.details.keyPath === 'sleeves[2].params.takeProfitAtr' && /places no take-profit orders yet/.test(error.message),
    );
  });

  it('lets a sleeve without a take-profit through', () => {
    refuseLiveTakeProfit(sleeve({ exitOn: 'signal', stopLossAtr: 1 }), 0);
    refuseLiveTakeProfit(sleeve({ takeProfitAtr: 1.4 }, 'tsmom_ema'), 0);
  });
});
