import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { accountsFromEnv, EXCHANGE_IDS } from './accountsFromEnv.ts';
import { InputError } from '../../domain/errors/inputError.ts';

const SECRET = 'sEcReT-9f8e7d6c5b4a';
const env = {
  RAMPART_ACCOUNT_MAIN_EXCHANGE: 'binanceusdm',
  RAMPART_ACCOUNT_MAIN_API_KEY: 'key-1234567890',
  RAMPART_ACCOUNT_MAIN_API_SECRET: SECRET,
  RAMPART_ACCOUNT_MAIN_CAPITAL_PROFILE: 'micro',
  RAMPART_ACCOUNT_MAIN_TESTNET: 'true',
  RAMPART_ACCOUNT_SIDE_EXCHANGE: 'bybit',
  RAMPART_ACCOUNT_SIDE_API_KEY: 'side-key',
  RAMPART_ACCOUNT_SIDE_API_SECRET: 'side-secret',
  PATH: '/usr/bin',
};

describe('accountsFromEnv', () => {
  test('reads every account named in the environment', () => {
    const { accounts } = accountsFromEnv(env, 'live');
    assert.deepEqual([...accounts.keys()], ['main', 'side'], 'both accounts, by lower-case name');
    const main = accounts.get('main');
    assert.equal(main?.exchange, 'binanceusdm');
    assert.equal(main?.capitalProfile, 'micro');
    assert.equal(main?.testnet, true, 'TESTNET=true');
    assert.equal(main?.credentials?.apiSecret.reveal(), SECRET, 'live mode keeps the secret for the exchange client');
  });

  test('never copies keys in paper mode and says which accounts had them', () => {
    const parsed = accountsFromEnv(env, 'paper');
    assert.deepEqual(parsed.keysIgnoredFor, ['main', 'side']);
    assert.equal(parsed.accounts.get('main')?.credentials, undefined, 'no credentials object in paper mode');
    assert.ok(!JSON.stringify([...parsed.accounts.values()]).includes(SECRET), 'the secret is nowhere in the parsed accounts');
  });

  test('prints secrets as [REDACTED] wherever they are serialised', () => {
    const main = accountsFromEnv(env, 'live').accounts.get('main');
    const shown = `${JSON.stringify(main)} ${inspect(main, { depth: 5 })} ${String(main?.credentials?.apiSecret)}`;
    assert.ok(!shown.includes(SECRET), `secret leaked into: ${shown}`);
    assert.ok(shown.includes('[REDACTED]'));
  });

  test('rejects an unknown exchange, naming the variable but not any key', () => {
    assert.throws(
      () => accountsFromEnv({ ...env, RAMPART_ACCOUNT_MAIN_EXCHANGE: 'ftx' }, 'live'),
      (error: unknown) => error instanceof InputError && /RAMPART_ACCOUNT_MAIN_EXCHANGE/.test(error.message) && !error.message.includes(SECRET),
    );
  });

  test('requires both keys for live trading', () => {
    assert.throws(() => accountsFromEnv({ RAMPART_ACCOUNT_X_EXCHANGE: 'binanceusdm', RAMPART_ACCOUNT_X_API_KEY: 'k' }, 'live'), /API_SECRET/);
  });

  test('accepts every ccxt id of the venue quirks table, case-insensitively, and defaults to binanceusdm', () => {
    assert.deepEqual([...EXCHANGE_IDS].sort(), ['binanceusdm', 'bybit', 'okx'], 'the ids check and run --real accept');
    for (const id of EXCHANGE_IDS) assert.equal(accountsFromEnv({ RAMPART_ACCOUNT_A_EXCHANGE: id.toUpperCase() }, 'paper').accounts.get('a')?.exchange, id);
    assert.equal(accountsFromEnv({ RAMPART_ACCOUNT_A_CAPITAL_PROFILE: 'micro' }, 'paper').accounts.get('a')?.exchange, 'binanceusdm', 'unset _EXCHANGE is Binance USDT-M');
    assert.equal(accountsFromEnv({ RAMPART_ACCOUNT_A_EXCHANGE: ' ' }, 'paper').accounts.get('a')?.exchange, 'binanceusdm', 'an empty value is unset');
  });

  test("refuses 'binance' (ccxt's spot exchange) with the valid ids and the futures id to use", () => {
    assert.throws(
      () => accountsFromEnv({ RAMPART_ACCOUNT_MAIN_EXCHANGE: 'binance' }, 'paper'),
      (error: unknown) =>
        error instanceof InputError &&
        error.details.keyPath === 'RAMPART_ACCOUNT_MAIN_EXCHANGE' &&
        error.message.includes('must be one of binanceusdm, bybit, okx (default binanceusdm), was "binance" (Binance USDT-M futures is binanceusdm)'),
    );
  });

  test('refuses a TESTNET value that is not a boolean, naming the variable', () => {
    assert.throws(() => accountsFromEnv({ RAMPART_ACCOUNT_MAIN_TESTNET: 'yes' }, 'paper'), /RAMPART_ACCOUNT_MAIN_TESTNET must be true, false, 1 or 0, was "yes"/);
  });
});
