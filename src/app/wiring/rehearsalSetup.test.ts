import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import pg from 'pg';
import { ACCOUNT, assertStoreMatchesVenue } from './liveTestSupport.ts';
import { startLiveCliHarness, type LiveCliHarness } from './liveCliHarness.ts';

// Finding 7 of issue 12: the set-up works as documented, through the real CLI processes.

const PREFIX = `RAMPART_ACCOUNT_${ACCOUNT.toUpperCase()}`;
import { postgresUrl, skipPostgres } from '../../../test/support/postgresTestServer.ts';

function ordersSent(harness: LiveCliHarness): number {
  return harness.sim.requests().filter((request) => request.method === 'POST' && request.path === '/fapi/v1/order').length;
}

function longAtVenue(harness: LiveCliHarness): boolean {
  const position = harness.sim.state().positions.find((candidate) => candidate.symbol === 'BTCUSDT');
  return position !== undefined && position.positionAmt > 0;
}

describe('one list of exchange ids for check and run --real', () => {
  for (const [label, exchange] of [
    ['binanceusdm', 'binanceusdm'],
    ['unset (default binanceusdm)', undefined],
  ] as const) {
    test(`RAMPART_ACCOUNT_<NAME>_EXCHANGE ${label}: check passes and run --real trades with the same variables`, async () => {
      const harness = await startLiveCliHarness();
      try {
        const env = { [`${PREFIX}_EXCHANGE`]: exchange };
        const check = await harness.cli(['check', '-c', harness.configPath, '--base-url', harness.sim.url], { env });
        assert.equal(check.code, 0, `check exits 0, printed:\n${check.stdout}\n${check.stderr}`);
        assert.match(check.stdout, /account main on binanceusdm/);
        harness.pushBar(1);
        const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'), { env });
        assert.equal(run.code, 0, `run --real exits 0, printed:\n${run.stdout}\n${run.stderr}`);
        assert.ok(longAtVenue(harness), 'the long reached the venue');
        await harness.reopenStore();
        await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
      } finally {
        await harness.close();
      }
    });
  }

  test("'binance' is refused by check and by run --real alike (exit 2, the valid ids), before any request", async () => {
    const harness = await startLiveCliHarness();
    try {
      const env = { [`${PREFIX}_EXCHANGE`]: 'binance' };
      const before = harness.sim.requests().length;
      for (const args of [['check', '-c', harness.configPath, '--base-url', harness.sim.url], harness.runRealArgs('--once')]) {
        const result = await harness.cli(args, { env });
        assert.equal(result.code, 2, `${args[0]} exits 2, printed:\n${result.stdout}\n${result.stderr}`);
        assert.match(result.stderr, /RAMPART_ACCOUNT_MAIN_EXCHANGE must be one of binanceusdm, bybit, okx \(default binanceusdm\), was "binance"/, `${args[0]} names the variable and the valid ids`);
      }
      assert.equal(harness.sim.requests().length, before, 'nothing reached the venue');
      await harness.reopenStore();
      await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
    } finally {
      await harness.close();
    }
  });
});

describe('RAMPART_ACCOUNT_<NAME>_CAPITAL_PROFILE is the profile in force', () => {
  /** The harness config plus a custom profile that runs no strategy of the rehearsal. */
  function addFrozenProfile(harness: LiveCliHarness): void {
    const text = readFileSync(harness.configPath, 'utf8');
    const frozen = "risk: {accounts: {main: normal}, profiles: {frozen: {name: frozen, maxLeverage: 1, deniedStrategies: ['volume-script']}}";
    // The harness's risk section may carry more keys (guardrails): the profile goes in beside them.
    assert.ok(text.includes('risk: {accounts: {main: normal}'), 'the harness config has the risk section this test extends');
    writeFileSync(harness.configPath, text.replace('risk: {accounts: {main: normal}', frozen));
  }

  test('run --real under an environment profile that denies the strategy sends no entry (the config says normal), and risk explain and status show it', async () => {
    const harness = await startLiveCliHarness();
    try {
      addFrozenProfile(harness);
      const env = { [`${PREFIX}_CAPITAL_PROFILE`]: 'frozen' };
      harness.pushBar(1);
      const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'), { env });
      assert.equal(run.code, 0, `run --real exits 0, printed:\n${run.stdout}\n${run.stderr}`);
      assert.match(run.stdout, /"event":"capital_profile".*"detail":"frozen \(RAMPART_ACCOUNT_MAIN_CAPITAL_PROFILE\)"/, 'the runner logs the profile and where it came from');
      assert.equal(ordersSent(harness), 0, 'the profile from the environment denied the entry');
      assert.equal(longAtVenue(harness), false, 'the venue stays flat');
      await harness.reopenStore();
      await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
      const explain = await harness.cli(['risk', 'explain', '-c', harness.configPath], { env });
      assert.equal(explain.code, 0, explain.stderr);
      assert.match(explain.stdout, /account main: profile frozen \(RAMPART_ACCOUNT_MAIN_CAPITAL_PROFILE\)/);
      const explainConfig = await harness.cli(['risk', 'explain', '-c', harness.configPath], { env: { [`${PREFIX}_CAPITAL_PROFILE`]: undefined } });
      assert.match(explainConfig.stdout, /account main: profile normal \(risk\.accounts\.main\)/, 'without the variable the config entry is in force');
      const status = await harness.cli(['status', '--json', '-c', harness.configPath, '--state-dir', harness.stateDir], { env });
      assert.equal(status.code, 0, status.stderr);
      assert.equal(JSON.parse(status.stdout)[0].dayDrawdownLimitPct, null, "status measures drawdown against frozen's limits (none), not normal's");
      const statusConfig = await harness.cli(['status', '--json', '-c', harness.configPath, '--state-dir', harness.stateDir]);
      assert.equal(typeof JSON.parse(statusConfig.stdout)[0].dayDrawdownLimitPct, 'number', "without the variable, normal's daily limit");
    } finally {
      await harness.close();
    }
  });

  test('the same config without the variable trades under its own profile (the denial came from the environment)', async () => {
    const harness = await startLiveCliHarness();
    try {
      addFrozenProfile(harness);
      harness.pushBar(1);
      const run = await harness.cli(harness.runRealArgs('--once', '--poll-seconds', '1'));
      assert.equal(run.code, 0, `run --real exits 0, printed:\n${run.stdout}\n${run.stderr}`);
      assert.ok(longAtVenue(harness), 'under risk.accounts.main (normal) the long is sent');
      await harness.reopenStore();
      await assertStoreMatchesVenue(harness.store, harness.sim, ACCOUNT);
    } finally {
      await harness.close();
    }
  });

  test('an unknown profile name refuses run --real, run --paper and status with exit 2 naming the variable, before any request', async () => {
    const harness = await startLiveCliHarness();
    try {
      const env = { [`${PREFIX}_CAPITAL_PROFILE`]: 'yolo' };
      const before = harness.sim.requests().length;
      for (const args of [harness.runRealArgs('--once'), ['run', '--paper', '--once', '-c', harness.configPath, '--state-dir', harness.stateDir], ['status', '-c', harness.configPath, '--state-dir', harness.stateDir]]) {
        const result = await harness.cli(args, { env });
        assert.equal(result.code, 2, `${args.slice(0, 2).join(' ')} exits 2, printed:\n${result.stdout}\n${result.stderr}`);
        assert.match(result.stderr, /RAMPART_ACCOUNT_MAIN_CAPITAL_PROFILE must name a capital profile \(.*normal.*\), was "yolo"/);
      }
      assert.equal(harness.sim.requests().length, before, 'nothing reached the venue');
    } finally {
      await harness.close();
    }
  });
});

describe('operator commands refuse a location that holds no store unless --init', () => {
  test('kill, reset, status and flatten with a mistyped --state-dir exit 2 naming the path and --init, creating nothing; --init creates the store', async () => {
    const harness = await startLiveCliHarness();
    try {
      const mistyped = join(harness.dir, 'stat');
      const commands: string[][] = [
        ['kill', '--reason', 'drill'],
        ['reset', '--reason', 'drill'],
        ['status'],
        ['flatten', '--reason', 'drill'],
      ];
      for (const command of commands) {
        const result = await harness.cli([...command, '-c', harness.configPath, '--state-dir', mistyped]);
        assert.equal(result.code, 2, `${command[0]} exits 2, printed:\n${result.stdout}\n${result.stderr}`);
        assert.match(result.stderr, new RegExp(`no Rampart trade store at ${join(mistyped, 'rampart.sqlite').replace(/[.]/g, '\\.')}: no such file`), `${command[0]} names the path`);
        assert.match(result.stderr, /Point --state-dir at the runner's store, or pass --init/, `${command[0]} says how to go on`);
        assert.doesNotMatch(result.stdout, /recorded/, `${command[0]} reports no success`);
        assert.equal(existsSync(mistyped), false, `${command[0]} created nothing`);
      }
      const init = await harness.cli(['kill', '--reason', 'drill', '--init', '-c', harness.configPath, '--state-dir', mistyped]);
      assert.equal(init.code, 0, init.stderr);
      assert.match(init.stdout, /kill recorded for main/);
      const status = await harness.cli(['status', '--json', '-c', harness.configPath, '--state-dir', mistyped]);
      assert.equal(status.code, 0, status.stderr);
      assert.equal(JSON.parse(status.stdout)[0].tradingState, 'HALTED', 'the store --init created is a store from then on');
    } finally {
      await harness.close();
    }
  });

  test('kill and status with a PostgreSQL database holding no Rampart tables exit 2 naming it without its password; --init creates the tables', { skip: skipPostgres }, async () => {
    const harness = await startLiveCliHarness();
    const database = `rampart_empty_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${database}`);
      const url = new URL(postgresUrl);
      url.pathname = `/${database}`;
      for (const command of [['kill', '--reason', 'drill'], ['status']]) {
        const result = await harness.cli([...command, '-c', harness.configPath, '--database-url', url.toString()]);
        assert.equal(result.code, 2, `${command[0]} exits 2, printed:\n${result.stdout}\n${result.stderr}`);
        assert.match(result.stderr, new RegExp(`no Rampart trade store at .*/${database}: the database holds no Rampart tables`));
        assert.match(result.stderr, /Point --database-url at the runner's store, or pass --init/);
      }
      const inside = new pg.Client({ connectionString: url.toString() });
      await inside.connect();
      const tables = await inside.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").finally(() => inside.end());
      assert.equal(tables.rowCount, 0, 'no table was created by the refused commands');
      const init = await harness.cli(['kill', '--reason', 'drill', '--init', '-c', harness.configPath, '--database-url', url.toString()]);
      assert.equal(init.code, 0, init.stderr);
      const status = await harness.cli(['status', '--json', '-c', harness.configPath, '--database-url', url.toString()]);
      assert.equal(JSON.parse(status.stdout)[0].tradingState, 'HALTED');
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).finally(() => admin.end());
      await harness.close();
    }
  });
});
