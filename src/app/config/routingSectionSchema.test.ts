import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../domain/errors/inputError.ts';
import { validateConfig } from './loadConfig.ts';

function config(routing: unknown, risk: unknown = {}, leverage = 2): unknown {
  return {
    name: 'routed',
    market: { type: 'futures', leverage },
    risk,
    sleeves: [{ name: 'btc', symbol: 'BTCUSDT', weight: 0.5, strategy: 'tsmom_ema', account: 'main' }],
    routing,
  };
}

function refusal(raw: unknown): InputError {
  try {
    validateConfig(raw, 'routed.yaml');
  } catch (error) {
    assert.ok(error instanceof InputError, `an InputError, was ${String(error)}`);
    return error;
  }
  assert.fail('the config was accepted');
}

describe('routing section', () => {
  it('accepts fallbacks whose profiles allow the strategy and the leverage, with thresholds as defaults', () => {
    const parsed = validateConfig(config({ sleeves: { btc: { fallbacks: ['backup', 'third'] } } }, { accounts: { main: 'normal', backup: 'low', third: 'normal' } }), 'routed.yaml');
    assert.deepEqual(parsed.routing.sleeves.btc.fallbacks, ['backup', 'third']);
    assert.equal(parsed.routing.failover.maxSwitchesPerWindow, 3, "the playbook's 3 switches per hour");
    assert.equal(parsed.routing.health.downErrorRatio, 0.5);
  });

  it('refuses a fallback whose capital profile denies the strategy, naming the key path', () => {
    const error = refusal(config({ sleeves: { btc: { fallbacks: ['backup'] } } }, { profiles: { strict: { name: 'strict', maxLeverage: 3, deniedStrategies: ['tsmom_ema'] } }, accounts: { backup: 'strict' } }));
    assert.equal(error.details.keyPath, 'routing.sleeves.btc.fallbacks[0]');
    assert.match(error.message, /profile "strict", whose deny-list refuses strategy "tsmom_ema"/);
  });

  it('refuses a fallback whose allow-list leaves the strategy out', () => {
    const error = refusal(config({ sleeves: { btc: { fallbacks: ['backup'] } } }, { profiles: { only: { name: 'only', maxLeverage: 3, allowedStrategies: ['donchian'] } }, accounts: { backup: 'only' } }));
    assert.match(error.message, /routing\.sleeves\.btc\.fallbacks\[0\]: .*allow-list refuses strategy "tsmom_ema"/);
  });

  it('refuses a fallback whose profile caps leverage below the config', () => {
    const error = refusal(config({ sleeves: { btc: { fallbacks: ['backup'] } } }, { accounts: { backup: 'micro' } }, 2));
    assert.match(error.message, /maxLeverage 1, below market.leverage 2/);
  });

  it('refuses a route for an unknown sleeve, the primary as its own fallback and a repeated fallback', () => {
    assert.equal(refusal(config({ sleeves: { eth: { fallbacks: ['backup'] } } }, { accounts: { backup: 'normal' } })).details.keyPath, 'routing.sleeves.eth');
    assert.match(refusal(config({ sleeves: { btc: { fallbacks: ['main'] } } }, { accounts: { main: 'normal' } })).message, /must differ from the sleeve's primary account "main"/);
    const twice = refusal(config({ sleeves: { btc: { fallbacks: ['backup', 'backup'] } } }, { accounts: { backup: 'normal' } }));
    assert.match(twice.message, /fallbacks\[1\]: account "backup" is listed twice/);
  });

  it('refuses a fallback that another sleeve trades, or that serves two primary accounts', () => {
    const twoSleeves = (routing: unknown, second = 'other') => ({
      ...(config(routing, { accounts: { main: 'normal', backup: 'normal', other: 'normal' } }) as object),
      sleeves: [
        { name: 'btc', symbol: 'BTCUSDT', weight: 0.4, strategy: 'tsmom_ema', account: 'main' },
        { name: 'eth', symbol: 'ETHUSDT', weight: 0.4, strategy: 'tsmom_ema', account: second },
      ],
    });
    assert.match(refusal(twoSleeves({ sleeves: { btc: { fallbacks: ['other'] } } })).message, /fallbacks\[0\]: account "other" is the primary account of other sleeves/);
    assert.match(refusal(twoSleeves({ sleeves: { btc: { fallbacks: ['backup'] }, eth: { fallbacks: ['backup'] } } })).message, /routing\.sleeves\.eth\.fallbacks\[0\]: account "backup" is already the fallback of account "main"'s sleeves/);
    validateConfig(twoSleeves({ sleeves: { btc: { fallbacks: ['backup'] }, eth: { fallbacks: ['backup'] } } }, 'main'), 'routed.yaml');
  });

  it('refuses thresholds out of range', () => {
    assert.equal(refusal(config({ health: { downErrorRatio: 1.5 } })).details.keyPath, 'routing.health.downErrorRatio');
  });
});
