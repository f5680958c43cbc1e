import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FlattenRequest } from './flattenRequests.ts';
import { haltPolicyOf, mustFlatten } from './haltPolicy.ts';

const request = (symbol?: string): FlattenRequest => ({ atMs: 1, account: 'main', symbol, reason: 'drill', actor: 'operator' });

const cases = [
  { name: 'ACTIVE trades: no cancel, nothing to close', state: 'ACTIVE', pending: [], entries: true, cancel: false, flatten: [] as string[] },
  { name: 'no stored state counts as ACTIVE', state: undefined, pending: [], entries: true, cancel: false, flatten: [] },
  { name: 'REDUCING leaves entries to the risk engine and cancels nothing', state: 'REDUCING', pending: [], entries: true, cancel: false, flatten: [] },
  { name: 'HALTED (plain kill) cancels working entries, opens nothing, closes nothing', state: 'HALTED', pending: [], entries: false, cancel: true, flatten: [] },
  { name: 'a pending flatten of one symbol cancels entries and closes that symbol only', state: 'ACTIVE', pending: [request('BTCUSDT')], entries: true, cancel: true, flatten: ['BTCUSDT'] },
  { name: 'FLATTEN_ALL (kill --flatten, emergency stop) closes every symbol and opens nothing', state: 'HALTED', pending: [request()], entries: false, cancel: true, flatten: ['BTCUSDT', 'ETHUSDT'] },
  { name: 'FLATTEN_ALL while ACTIVE still opens nothing until it is done', state: 'ACTIVE', pending: [request()], entries: false, cancel: true, flatten: ['BTCUSDT', 'ETHUSDT'] },
] as const;

for (const row of cases) {
  test(`halt policy: ${row.name}`, () => {
    const policy = haltPolicyOf(row.state, row.pending);
    assert.equal(policy.entriesAllowed, row.entries, 'entries allowed');
    assert.equal(policy.cancelWorkingEntries, row.cancel, 'working entries cancelled');
    assert.equal(policy.keepStops, true, 'protective stops are kept in every state');
    assert.deepEqual(['BTCUSDT', 'ETHUSDT'].filter((symbol) => mustFlatten(policy, symbol)), [...row.flatten], 'symbols that must be flat');
  });
}
