import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withTempStore as withStore } from '../../../test/support/withTempStore.ts';
import { recordOperatorCommand } from './operatorCommands.ts';
import { loadManualCommands } from './paperSessionRecords.ts';
import { pendingFlattens } from '../../engine/live/flattenRequests.ts';

test('kill --flatten records HALTED and a FLATTEN_ALL that paper replays as a flatten of every symbol', async () => {
  await withStore(async (store) => {
    await recordOperatorCommand(store, { kind: 'kill', accounts: ['main'], reason: 'drill', actor: 'operator', nowMs: 1_000, flatten: true });
    assert.equal((await store.loadTradingState('main'))?.state, 'HALTED', 'the kill halts');
    const pending = await pendingFlattens(store, 'main');
    assert.equal(pending.length, 1, 'and asks for flat');
    assert.equal(pending[0]?.symbol, undefined, 'on every symbol');
    const commands = await loadManualCommands(store, 2_000);
    assert.deepEqual(commands.map((command) => command.kind), ['kill', 'flatten'], 'paper reads the same records');
  });
});

test('a plain kill asks for no flatten', async () => {
  await withStore(async (store) => {
    await recordOperatorCommand(store, { kind: 'kill', accounts: ['main'], reason: 'drill', actor: 'operator', nowMs: 1_000 });
    assert.deepEqual(await pendingFlattens(store, 'main'), [], 'HALTED keeps positions (and their stops)');
  });
});
