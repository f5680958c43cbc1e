import type { Migration } from '../migration.ts';

// Decimals are NUMERIC (exact, and it returns the scale written, so '1.50' reads back as '1.50'):
// node-postgres hands NUMERIC and BIGINT back as text, which the row mappers parse.
export const postgresMigrations: readonly Migration[] = [
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
        quantity NUMERIC NOT NULL,
        price NUMERIC,
        reduce_only BOOLEAN NOT NULL,
        created_at_ms BIGINT NOT NULL,
        state TEXT NOT NULL,
        state_changed_at_ms BIGINT NOT NULL
      );
      CREATE INDEX order_intents_account_state ON order_intents (account, state);

      CREATE TABLE orders (
        client_order_id TEXT PRIMARY KEY,
        account TEXT NOT NULL,
        symbol TEXT NOT NULL,
        venue_order_id TEXT,
        status TEXT NOT NULL,
        filled_quantity NUMERIC NOT NULL,
        average_price NUMERIC,
        updated_at_ms BIGINT NOT NULL
      );
      CREATE INDEX orders_account_status ON orders (account, status);

      CREATE TABLE order_events (
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        client_order_id TEXT NOT NULL,
        account TEXT NOT NULL,
        symbol TEXT NOT NULL,
        venue_order_id TEXT,
        status TEXT NOT NULL,
        filled_quantity NUMERIC NOT NULL,
        average_price NUMERIC,
        at_ms BIGINT NOT NULL,
        reason TEXT
      );
      CREATE INDEX order_events_order ON order_events (client_order_id, sequence);

      CREATE TABLE fills (
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account TEXT NOT NULL,
        symbol TEXT NOT NULL,
        trade_id TEXT NOT NULL,
        client_order_id TEXT,
        venue_order_id TEXT,
        side TEXT NOT NULL CHECK (side IN ('BUY', 'SELL')),
        quantity NUMERIC NOT NULL,
        price NUMERIC NOT NULL,
        fee NUMERIC NOT NULL,
        at_ms BIGINT NOT NULL,
        UNIQUE (account, symbol, trade_id)
      );
      CREATE INDEX fills_at ON fills (at_ms);

      CREATE TABLE positions (
        account TEXT NOT NULL,
        symbol TEXT NOT NULL,
        quantity NUMERIC NOT NULL,
        entry_price NUMERIC NOT NULL,
        realized_pnl NUMERIC NOT NULL,
        updated_at_ms BIGINT NOT NULL,
        PRIMARY KEY (account, symbol)
      );
    `,
  },
  {
    version: 2,
    name: 'equity risk trading state signals incidents locks',
    sql: `
      CREATE TABLE equity_snapshots (
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account TEXT NOT NULL,
        at_ms BIGINT NOT NULL,
        equity NUMERIC NOT NULL,
        wallet_balance NUMERIC NOT NULL,
        unrealized_pnl NUMERIC NOT NULL
      );
      CREATE INDEX equity_snapshots_account_at ON equity_snapshots (account, at_ms);

      CREATE TABLE risk_events (
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account TEXT NOT NULL,
        at_ms BIGINT NOT NULL,
        code TEXT NOT NULL,
        symbol TEXT,
        strategy TEXT,
        client_order_id TEXT,
        detail JSONB NOT NULL
      );
      CREATE INDEX risk_events_account_at ON risk_events (account, at_ms);

      CREATE TABLE trading_state_transitions (
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account TEXT NOT NULL,
        at_ms BIGINT NOT NULL,
        previous_state TEXT,
        state TEXT NOT NULL CHECK (state IN ('ACTIVE', 'REDUCING', 'HALTED')),
        reason TEXT NOT NULL,
        actor TEXT NOT NULL
      );
      CREATE INDEX trading_state_transitions_account ON trading_state_transitions (account, sequence);

      CREATE TABLE signals (
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at_ms BIGINT NOT NULL,
        sleeve TEXT NOT NULL,
        symbol TEXT NOT NULL,
        strategy TEXT NOT NULL,
        target DOUBLE PRECISION NOT NULL,
        confidence DOUBLE PRECISION
      );
      CREATE INDEX signals_at ON signals (at_ms);

      CREATE TABLE incidents (
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at_ms BIGINT NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        detail JSONB NOT NULL
      );
      CREATE INDEX incidents_at ON incidents (at_ms);

      CREATE TABLE runner_locks (
        name TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        heartbeat_at_ms BIGINT NOT NULL,
        ttl_ms BIGINT NOT NULL
      );
    `,
  },
  {
    version: 3,
    name: 'lock fencing tokens and store instance id',
    sql: `
      -- A lock held before this migration has token 0; every hold from now on gets a larger one.
      ALTER TABLE runner_locks ADD COLUMN token BIGINT NOT NULL DEFAULT 0;

      -- The last token given per lock name: kept when the lock is released, so tokens never repeat.
      CREATE TABLE lock_tokens (
        name TEXT PRIMARY KEY,
        last_token BIGINT NOT NULL
      );

      CREATE TABLE store_identity (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        instance_id TEXT NOT NULL
      );
      INSERT INTO store_identity (singleton, instance_id) VALUES (1, substr(md5(random()::text || clock_timestamp()::text), 1, 8));
    `,
  },
  {
    version: 4,
    name: 'go-live records',
    sql: `
      -- The go-live gate's decisions with their inputs: launch decisions, activations, stage moves, sign-offs.
      CREATE TABLE go_live_records (
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account TEXT NOT NULL,
        at_ms BIGINT NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail JSONB NOT NULL
      );
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
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account TEXT NOT NULL,
        at_ms BIGINT NOT NULL,
        decision TEXT NOT NULL,
        size_multiplier DOUBLE PRECISION NOT NULL CHECK (size_multiplier > 0),
        detail JSONB NOT NULL
      );
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
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account TEXT NOT NULL,
        at_ms BIGINT NOT NULL,
        profile TEXT NOT NULL,
        reason TEXT NOT NULL,
        actor TEXT NOT NULL,
        detail JSONB NOT NULL
      );
      CREATE INDEX profile_assignments_account ON profile_assignments (account, at_ms, sequence);
    `,
  },
  {
    version: 7,
    name: 'intent reference price',
    sql: `
      -- The price a decision expected to fill near (the decision bar's close, a stop's trigger):
      -- realised slippage is measured from it. NULL for intents written before, and when unknown.
      ALTER TABLE order_intents ADD COLUMN reference_price NUMERIC;
    `,
  },
  {
    version: 8,
    name: 'funding payments',
    sql: `
      -- Funding paid or received per position as the venue booked it (income: negative = paid);
      -- one row per venue payment id, so reading the venue's history again adds nothing.
      CREATE TABLE funding_payments (
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account TEXT NOT NULL,
        symbol TEXT NOT NULL,
        payment_id TEXT NOT NULL,
        income NUMERIC NOT NULL,
        at_ms BIGINT NOT NULL,
        UNIQUE (account, symbol, payment_id)
      );
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
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account TEXT NOT NULL,
        venue TEXT NOT NULL,
        at_ms BIGINT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('HEALTHY', 'DEGRADED', 'DOWN')),
        detail JSONB NOT NULL
      );
      CREATE INDEX exchange_health_account ON exchange_health (account, at_ms, sequence);
      CREATE TABLE failover_events (
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        sleeve TEXT NOT NULL,
        account TEXT NOT NULL,
        at_ms BIGINT NOT NULL,
        kind TEXT NOT NULL,
        from_account TEXT,
        to_account TEXT,
        reason TEXT NOT NULL,
        actor TEXT NOT NULL
      );
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
        sequence BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        account TEXT NOT NULL,
        sleeve TEXT NOT NULL,
        at_ms BIGINT NOT NULL,
        step_index INTEGER NOT NULL,
        risk_per_trade DOUBLE PRECISION NOT NULL,
        how TEXT NOT NULL,
        reason TEXT NOT NULL,
        actor TEXT NOT NULL,
        detail JSONB NOT NULL
      );
      CREATE INDEX risk_stages_account ON risk_stages (account, sleeve, at_ms, sequence);
    `,
  },
];
