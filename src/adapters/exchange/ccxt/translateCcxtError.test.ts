import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import ccxt from 'ccxt';
import { OperationalHaltError, OrderDeniedError, RateLimitedError, RetryableExchangeError, UnknownOrderOutcomeError } from '../../../domain/errors/exchangeErrors.ts';
import { translateCcxtError, type ExchangeOperation } from './translateCcxtError.ts';

const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const SIGNED_URL = `https://fapi.binance.com/fapi/v1/order?symbol=BTCUSDT&origClientOrderId=rp-x&timestamp=1700000000000&recvWindow=10000&signature=3c1a0b8f9e2d4c6a8b0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e`;

type Expected = { cls: Function; field?: Record<string, unknown> };
const cases: Array<{ name: string; error: Error; operation: ExchangeOperation; retryAfterSeconds?: number; expected: Expected }> = [
  { name: 'HTTP 503 after a submit', error: new ccxt.ExchangeNotAvailable(`binanceusdm POST ${SIGNED_URL} 503 Service Unavailable `), operation: 'submit', expected: { cls: UnknownOrderOutcomeError } },
  { name: 'HTTP 503 on a read', error: new ccxt.ExchangeNotAvailable(`binanceusdm GET ${SIGNED_URL} 503 Service Unavailable `), operation: 'read', expected: { cls: RetryableExchangeError } },
  { name: 'socket timeout on a submit', error: new ccxt.RequestTimeout('binanceusdm POST https://fapi.binance.com/fapi/v1/order request timed out (10000 ms)'), operation: 'submit', expected: { cls: UnknownOrderOutcomeError } },
  { name: '-1006 execution status unknown', error: new ccxt.OperationFailed('binanceusdm {"code":-1006,"msg":"An unexpected response was received from the message bus. Execution status unknown."}'), operation: 'submit', expected: { cls: UnknownOrderOutcomeError, field: { venueCode: -1006 } } },
  { name: '-1007 send status unknown', error: new ccxt.RequestTimeout('binanceusdm {"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}'), operation: 'submit', expected: { cls: UnknownOrderOutcomeError, field: { venueCode: -1007 } } },
  { name: '-2019 margin insufficient', error: new ccxt.InsufficientFunds('binanceusdm {"code":-2019,"msg":"Margin is insufficient."}'), operation: 'submit', expected: { cls: OrderDeniedError, field: { reason: 'MARGIN_INSUFFICIENT', venueCode: -2019 } } },
  { name: '-2019 mapped by ccxt as OperationFailed on some endpoints', error: new ccxt.OperationFailed('binanceusdm {"code":-2019,"msg":"Margin is insufficient."}'), operation: 'submit', expected: { cls: OrderDeniedError, field: { reason: 'MARGIN_INSUFFICIENT' } } },
  { name: '-4164 min notional', error: new ccxt.InvalidOrder(`binanceusdm {"code":-4164,"msg":"Order's notional must be no smaller than 5.0 (unless you choose reduce only)"}`), operation: 'submit', expected: { cls: OrderDeniedError, field: { reason: 'BELOW_MIN_NOTIONAL' } } },
  { name: '-2022 reduce-only rejected', error: new ccxt.InvalidOrder('binanceusdm {"code":-2022,"msg":"ReduceOnly Order is rejected."}'), operation: 'submit', expected: { cls: OrderDeniedError, field: { reason: 'REDUCE_ONLY_REJECTED' } } },
  { name: '-4116 duplicate client order id', error: new ccxt.InvalidOrder('binanceusdm {"code":-4116,"msg":"ClientOrderId is duplicated."}'), operation: 'submit', expected: { cls: OrderDeniedError, field: { reason: 'DUPLICATE_CLIENT_ORDER_ID' } } },
  { name: '-2013 order does not exist', error: new ccxt.OrderNotFound('binanceusdm {"code":-2013,"msg":"Order does not exist."}'), operation: 'read', expected: { cls: OrderDeniedError, field: { reason: 'ORDER_NOT_FOUND' } } },
  { name: '-1021 timestamp outside recvWindow', error: new ccxt.InvalidNonce(`binanceusdm {"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}`), operation: 'submit', expected: { cls: RetryableExchangeError, field: { clockSkew: true } } },
  { name: '429 with Retry-After', error: new ccxt.DDoSProtection('binanceusdm 429 Too Many Requests {"code":-1003,"msg":"Too many requests."}'), operation: 'read', retryAfterSeconds: 7, expected: { cls: RateLimitedError, field: { banned: false, retryAfterMs: 7000 } } },
  { name: '418 IP ban', error: new ccxt.DDoSProtection(`binanceusdm 418 I'm a teapot {"code":-1003,"msg":"Way too many requests; IP banned until 1700000120000."}`), operation: 'submit', retryAfterSeconds: 120, expected: { cls: RateLimitedError, field: { banned: true, retryAfterMs: 120000 } } },
  { name: '-2015 invalid key or IP', error: new ccxt.AuthenticationError('binanceusdm {"code":-2015,"msg":"Invalid API-key, IP, or permissions for action."}'), operation: 'read', expected: { cls: OperationalHaltError } },
  { name: '-1022 bad signature', error: new ccxt.AuthenticationError('binanceusdm {"code":-1022,"msg":"Signature for this request is not valid."}'), operation: 'submit', expected: { cls: OperationalHaltError } },
  { name: 'PermissionDenied (bybit, no code)', error: new ccxt.PermissionDenied('bybit permission denied'), operation: 'setup', expected: { cls: OperationalHaltError } },
  { name: 'an unmapped BadRequest', error: new ccxt.BadRequest('binanceusdm {"code":-1102,"msg":"Mandatory parameter was not sent."}'), operation: 'submit', expected: { cls: OperationalHaltError } },
];

describe('translateCcxtError', () => {
  for (const { name, error, operation, retryAfterSeconds, expected } of cases) {
    test(`translates ${name} into ${expected.cls.name}`, () => {
      const translated = translateCcxtError(error, { venue: 'binanceusdm', operation, what: 'createOrder BTCUSDT', clientOrderId: 'rp-x', retryAfterSeconds, secrets: [API_KEY, SECRET] });
      assert.ok(translated instanceof expected.cls, `${name} should become ${expected.cls.name}, was ${translated.constructor.name}: ${translated.message}`);
      for (const [key, value] of Object.entries(expected.field ?? {})) {
        assert.equal((translated as unknown as Record<string, unknown>)[key], value, `${name}: field ${key}`);
      }
      assert.ok(translated.cause instanceof Error, 'the vendor error is kept as cause');
    });
  }

  test('keeps the client order id on an unknown outcome so the caller can look the order up', () => {
    const translated = translateCcxtError(new ccxt.RequestTimeout('binanceusdm timed out'), { venue: 'binanceusdm', operation: 'submit', what: 'createOrder', clientOrderId: 'rp-abc' });
    assert.ok(translated instanceof UnknownOrderOutcomeError);
    assert.equal(translated.clientOrderId, 'rp-abc');
  });

  test('removes the signature, the key and the secret from the message and the cause', () => {
    const error = new ccxt.ExchangeNotAvailable(`binanceusdm GET ${SIGNED_URL}&apiKey=${API_KEY} 503 Service Unavailable secret ${SECRET}`);
    const translated = translateCcxtError(error, { venue: 'binanceusdm', operation: 'read', what: 'fetchOrder', secrets: [API_KEY, SECRET] });
    const text = `${translated.message} ${(translated.cause as Error).message}`;
    assert.ok(!text.includes('3c1a0b8f9e2d4c6a'), `signature leaked: ${text}`);
    assert.ok(!text.includes(API_KEY), 'API key leaked');
    assert.ok(!text.includes(SECRET), 'secret leaked');
    assert.match(text, /signature=REDACTED/, 'the redaction is visible');
  });

  test('passes programming errors through unchanged', () => {
    const bug = new TypeError('x is undefined');
    assert.equal(translateCcxtError(bug, { venue: 'binanceusdm', operation: 'read', what: 'fetchBalance' }), bug);
  });
});
