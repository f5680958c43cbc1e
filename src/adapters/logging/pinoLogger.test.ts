import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createPinoLogger } from './pinoLogger.ts';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createPinoLogger', () => {
  test('writes one JSON line per event with its allow-listed fields', () => {
    const { stream, lines } = capture();
    const logger = createPinoLogger(stream as never);
    logger.info('fill', { sleeve: 'BTC', price: 42000.5, quantity: '0.010' });
    const [line] = lines();
    assert.equal(line.event, 'fill');
    assert.equal(line.sleeve, 'BTC');
    assert.equal(line.price, 42000.5);
  });

  test('redacts any field that is not on the allow-list', () => {
    const { stream, lines } = capture();
    const logger = createPinoLogger(stream as never);
    logger.warn('startup', { apiSecret: 'hunter2-secret', databaseUrl: 'postgres://u:pw@host/db', account: 'main' });
    const text = JSON.stringify(lines());
    assert.ok(!text.includes('hunter2-secret'), 'the secret must not be written');
    assert.ok(!text.includes('pw@host'), 'a URL with a password must not be written');
    assert.match(text, /"apiSecret":"\[REDACTED\]"/);
    assert.match(text, /"account":"main"/, 'allowed fields pass');
  });
});
