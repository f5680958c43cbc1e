import type { Migration } from '../migration.ts';

// Decimals are TEXT: SQLite has no exact decimal type, and its NUMERIC affinity would turn them into floats.
export const sqliteMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'orders fills positions',
    sql: `
      CREATE TABLE order_intents (
        client_order_id TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        sleeve TEXT NOT NULL,
        symbol TEXT NOT NULL,
        strategy TEXT NOT NULL,
        side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
        quantity TEXT NOT NULL,
        price TEXT,
        reduce_only INTEGER NOT NULL CHECK (reduce_only IN (0, 1)),
        created_at_ms INTEGER NOT NULL,
        state TEXT NOT NULL,
        state_changed_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX order_intents_account_state ON order_intents (account, state);

      CREATE TABLE orders (
        client_order_id TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        symbol TEXT NOT NULL,
        venue_order_id TEXT,
        status TEXT NOT NULL,
        filled_quantity TEXT NOT NULL,
        average_price TEXT,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX orders_account_status ON orders (account, status);

      CREATE TABLE order_events (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        client_order_id TEXT NOT NULL,
        account TEXT NOT NULL,
        symbol TEXT NOT NULL,
        venue_order_id TEXT,
        status TEXT NOT NULL,
        filled_quantity TEXT NOT NULL,
        average_price TEXT,
        at_ms INTEGER NOT NULL,
        reason TEXT
      ) STRICT;
      CREATE INDEX order_events_order ON order_events (client_order_id, sequence);

      CREATE TABLE fills (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        symbol TEXT NOT NULL,
        trade_id TEXT NOT NULL,
        client_order_id TEXT,
        venue_order_id TEXT,
        side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
        quantity TEXT NOT NULL,
        price TEXT NOT NULL,
        fee TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        UNIQUE (account, symbol, trade_id)
      ) STRICT;
      CREATE INDEX fills_at ON fills (at_ms);

      CREATE TABLE positions (
        account TEXT NOT NULL,
        symbol TEXT NOT NULL,
        quantity TEXT NOT NULL,
        entry_price TEXT NOT NULL,
        realized_pnl TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        PRIMARY KEY (account, symbol)
      ) STRICT;
    `,
  },
  {
    version: 2,
    name: 'equity risk trading state signals incidents locks',
    sql: `
      CREATE TABLE equity_snapshots (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        equity TEXT NOT NULL,
        wallet_balance TEXT NOT NULL,
        unrealized_pnl TEXT NOT NULL
      ) STRICT;
      CREATE INDEX equity_snapshots_account_at ON equity_snapshots (account, at_ms);

      CREATE TABLE risk_events (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        code TEXT NOT NULL,
        symbol TEXT,
        strategy TEXT,
        client_order_id TEXT,
        detail TEXT NOT NULL
      ) STRICT;
      CREATE INDEX risk_events_account_at ON risk_events (account, at_ms);

      CREATE TABLE trading_state_transitions (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        previous_state TEXT,
        state TEXT NOT NULL CHECK (state IN ('ACTIVE', 'REDUCING', 'HALTED')),
        reason TEXT NOT NULL,
        actor TEXT NOT NULL
      ) STRICT;
      CREATE INDEX trading_state_transitions_account ON trading_state_transitions (account, sequence);

      CREATE TABLE signals (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        at_ms INTEGER NOT NULL,
        sleeve TEXT NOT NULL,
        symbol TEXT NOT NULL,
        strategy TEXT NOT NULL,
        target REAL NOT NULL,
        confidence REAL
      ) STRICT;
      CREATE INDEX signals_at ON signals (at_ms);

      CREATE TABLE incidents (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        at_ms INTEGER NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        detail TEXT NOT NULL
      ) STRICT;
      CREATE INDEX incidents_at ON incidents (at_ms);

      CREATE TABLE runner_locks (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        heartbeat_at_ms INTEGER NOT NULL,
        ttl_ms INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'lock fencing tokens and store instance id',
    sql: `
      -- A lock held before this migration has token 0; every hold from now on gets a larger one.
      ALTER TABLE runner_locks ADD COLUMN token INTEGER NOT NULL DEFAULT 0;

      -- The last token given per lock name: kept when the lock is released, so tokens never repeat.
      CREATE TABLE lock_tokens (
        name TEXT PRIMARY KEY,
        last_token INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE store_identity (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        instance_id TEXT NOT NULL
      ) STRICT;
      INSERT INTO store_identity (singleton, instance_id) VALUES (1, lower(hex(randomblob(4))));
    `,
  },
  {
    version: 4,
    name: 'go-live records',
    sql: `
      -- The go-live gate's decisions with their inputs: launch decisions, activations, stage moves, sign-offs.
      CREATE TABLE go_live_records (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT NOT NULL
      ) STRICT;
      CREATE INDEX go_live_records_account ON go_live_records (account, sequence);
    `,
  },
  {
    version: 5,
    name: 'risk-guard decision history',
    sql: `
      -- Every risk-guard decision (and SCALE_UP approval): the latest row per account carries the size
      -- multiplier in force and the day counters, so a restart continues the count.
      CREATE TABLE risk_guard_decisions (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        decision TEXT NOT NULL,
        size_multiplier REAL NOT NULL CHECK (size_multiplier > 0),
        detail TEXT NOT NULL
      ) STRICT;
      CREATE INDEX risk_guard_decisions_account ON risk_guard_decisions (account, at_ms, sequence);
    `,
  },
  {
    version: 6,
    name: 'capital profile assignments',
    sql: `
      -- The operator's profile assignments (profiles set, profiles review --apply): the latest per
      -- account is the profile in force, above the environment and the config.
      CREATE TABLE profile_assignments (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        profile TEXT NOT NULL,
        reason TEXT NOT NULL,
        actor TEXT NOT NULL,
        detail TEXT NOT NULL
      ) STRICT;
      CREATE INDEX profile_assignments_account ON profile_assignments (account, at_ms, sequence);
    `,
  },
  {
    version: 7,
    name: 'intent reference price',
    sql: `
      -- The price a decision expected to fill near (the decision bar's close, a stop's trigger):
      -- realised slippage is measured from it. NULL for intents written before, and when unknown.
      ALTER TABLE order_intents ADD COLUMN reference_price TEXT;
    `,
  },
  {
    version: 8,
    name: 'funding payments',
    sql: `
      -- Funding paid or received per position as the venue booked it (income: negative = paid);
      -- one row per venue payment id, so reading the venue's history again adds nothing.
      CREATE TABLE funding_payments (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        symbol TEXT NOT NULL,
        payment_id TEXT NOT NULL,
        income TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        UNIQUE (account, symbol, payment_id)
      ) STRICT;
      CREATE INDEX funding_payments_account ON funding_payments (account, at_ms, sequence);
    `,
  },
  {
    version: 9,
    name: 'exchange health and failover events',
    sql: `
      -- Health snapshots of each venue account and the sleeves' routing events (failover, failback,
      -- entries stopped, acknowledged), so \`rampart exchanges status\` reads them from any process.
      CREATE TABLE exchange_health (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        venue TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('HEALTHY', 'DEGRADED', 'DOWN')),
        detail TEXT NOT NULL
      ) STRICT;
      CREATE INDEX exchange_health_account ON exchange_health (account, at_ms, sequence);
      CREATE TABLE failover_events (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        sleeve TEXT NOT NULL,
        account TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        kind TEXT NOT NULL,
        from_account TEXT,
        to_account TEXT,
        reason TEXT NOT NULL,
        actor TEXT NOT NULL
      ) STRICT;
      CREATE INDEX failover_events_sleeve ON failover_events (sleeve, at_ms, sequence);
    `,
  },
  {
    version: 10,
    name: 'staged risk',
    sql: `
      -- A sleeve's staged risk-per-trade step (sizing.stages): the latest row per account and sleeve is
      -- in force; detail holds the evaluator's evidence that justified (or was overridden for) the step.
      CREATE TABLE risk_stages (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL,
        sleeve TEXT NOT NULL,
        at_ms INTEGER NOT NULL,
        step_index INTEGER NOT NULL,
        risk_per_trade REAL NOT NULL,
        how TEXT NOT NULL,
        reason TEXT NOT NULL,
        actor TEXT NOT NULL,
        detail TEXT NOT NULL
      ) STRICT;
      CREATE INDEX risk_stages_account ON risk_stages (account, sleeve, at_ms, sequence);
    `,
  },
];
