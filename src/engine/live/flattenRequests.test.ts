import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withTempStore as withStore } from '../../../test/support/withTempStore.ts';
import { completeFlatten, pendingFlattens, requestFlatten } from './flattenRequests.ts';

test('a flatten request stays pending until completed, per account and symbol, across a store reopen', async () => {
  await withStore(async (store) => {
    await requestFlatten(store, { atMs: 100, account: 'main', symbol: undefined, reason: 'daily loss', actor: 'risk guard' });
    await requestFlatten(store, { atMs: 200, account: 'main', symbol: 'BTCUSDT', reason: 'manual', actor: 'operator' });
    await requestFlatten(store, { atMs: 300, account: 'other', symbol: undefined, reason: 'manual', actor: 'operator' });
    const pending = await pendingFlattens(store, 'main');
    assert.deepEqual(pending.map((request) => [request.atMs, request.symbol ?? 'all']), [[100, 'all'], [200, 'BTCUSDT']], "only the account's own requests, oldest first");
    await completeFlatten(store, pending[0]!, 400);
    assert.deepEqual((await pendingFlattens(store, 'main')).map((request) => request.atMs), [200], 'a completed request is no longer pending');
  });
});
