import { sizingStagesSchema } from './sizingStagesSchema.ts';
import { z } from 'zod';
import { alertsSectionSchema } from './alertsSectionSchema.ts';
import { liveSectionSchema } from './liveSectionSchema.ts';
import { routingProblems, routingSectionSchema } from './routingSectionSchema.ts';
import { RESEARCH_PRESET, researchRiskInput, riskConfigSchema } from '../../risk/index.ts';

const positive = z.number().positive();
const nonNegative = z.number().min(0);

/** Exchange filters; a sleeve may override any of them. */
export const instrumentSchema = z
  .object({
    /** Quantity step (LOT_SIZE stepSize). */
    lotStep: positive.default(0.001),
    /** Price step (PRICE_FILTER tickSize). */
    tickSize: positive.default(0.1),
    /** Minimum order notional in quote currency (MIN_NOTIONAL). */
    minNotional: nonNegative.default(5),
  })
  .strict();

const sleeveDataSchema = z
  .object({
    /** Candle file for this sleeve (csv, Binance kline csv, freqtrade feather/json), relative to the config file. */
    file: z.string().min(1).optional(),
    /** Funding-rate file (freqtrade funding_rate feather/csv). */
    funding: z.string().min(1).optional(),
    /** Mark-price candle file. */
    mark: z.string().min(1).optional(),
    /** This sleeve may run on synthetic data beside sleeves on market data (a mixed run is refused otherwise). */
    allowSynthetic: z.boolean().optional(),
  })
  .strict();

export const sleeveSchema = z
  .object({
    /** Unique sleeve name, shown in reports. */
    name: z.string().min(1),
    /** Exchange symbol without separators, e.g. BTCUSDT. */
    symbol: z.string().min(1),
    /** Fraction of the portfolio allocated to the sleeve. */
    weight: z.number().gt(0).max(1),
    /** A built-in strategy name or a path to a .ts/.js strategy file. */
    strategy: z.string().min(1),
    /** Strategy parameters, validated by the strategy's own schema. */
    params: z.record(z.string(), z.unknown()).default({}),
    data: sleeveDataSchema.optional(),
    instrument: instrumentSchema.partial().optional(),
    /**
     * Market costs of this sleeve's symbol (the runbook's market_costs): a preset (XAUUSD, crypto) and
     * any field overridden; replaces execution.feeBps and slippageBps for the sleeve and models its spread.
     */
    costs: z
      .object({
        preset: z.enum(['XAUUSD', 'crypto']).optional(),
        spreadPips: nonNegative.optional(),
        pipSize: positive.optional(),
        /** Fraction of notional per fill (0.00002 = 0.2 bps). */
        commission: nonNegative.max(0.1).optional(),
        /** Fraction of price per market fill. */
        slippage: nonNegative.max(0.1).optional(),
        minStopDistancePips: nonNegative.optional(),
      })
      .strict()
      .optional(),
    /** Trading account this sleeve belongs to; its capital profile is `risk.accounts.<account>`. */
    account: z.string().min(1).default('default'),
  })
  .strict();

export const configSchema = z
  .object({
    name: z.string().min(1),
    market: z
      .discriminatedUnion('type', [
        z
          .object({
            type: z.literal('futures'),
            marginMode: z.literal('isolated').default('isolated'),
            leverage: z.number().min(1).max(125).default(1),
            /** Maintenance margin rate used for the liquidation price (Binance BTCUSDT first tier: 0.004). */
            maintenanceMarginRate: z.number().min(0).max(0.5).default(0.004),
          })
          .strict(),
        z.object({ type: z.literal('spot') }).strict(),
      ])
      .default({ type: 'futures', marginMode: 'isolated', leverage: 1, maintenanceMarginRate: 0.004 }),
    capital: z
      .object({ initial: positive.default(10_000), currency: z.string().min(1).default('USDT') })
      .strict()
      .default({ initial: 10_000, currency: 'USDT' }),
    execution: z
      .object({
        tradeOn: z.enum(['next_open', 'close']).default('next_open'),
        feeBps: nonNegative.max(1000).default(5),
        slippageBps: nonNegative.max(1000).default(3),
        /**
         * Modelled bid-ask spread in bps of the close, the spread guardrail's input in backtests and
         * paper (bars carry no order book); live reads the venue's best bid and ask. Unset: the
         * spread guardrail skips in backtests and paper.
         */
        spreadBps: nonNegative.max(1000).optional(),
        /** A bar touching both a position's stop and its take-profit exits at the stop unless take_profit_first. */
        intrabarExitOrder: z.enum(['stop_first', 'take_profit_first']).default('stop_first'),
        /**
         * Positions still open after the last bar: closed at its close (`last_close`), at its open
         * (`last_open`, backtesting.py's finalize_trades) or kept open, marked to market (`keep_open`).
         */
        endOfData: z.enum(['last_close', 'last_open', 'keep_open']).default('last_close'),
      })
      .strict()
      .default({ tradeOn: 'next_open', feeBps: 5, slippageBps: 3, intrabarExitOrder: 'stop_first', endOfData: 'last_close' }),
    funding: z
      .object({
        enabled: z.boolean().default(true),
        /** Rate per funding interval in bps when a sleeve has no funding file (1 bp = 0.01%). */
        constantRateBps: z.number().min(-100).max(100).default(1),
        intervalHours: z.number().int().positive().default(8),
      })
      .strict()
      .default({ enabled: true, constantRateBps: 1, intervalHours: 8 }),
    instrument: instrumentSchema.default({ lotStep: 0.001, tickSize: 0.1, minNotional: 5 }),
    sizing: z
      .object({
        mode: z.enum(['weight', 'all_in', 'fixed_notional', 'fixed_quantity', 'risk']).default('weight'),
        /** Notional per position at |target| = 1, for fixed_notional. */
        notional: positive.default(1_000),
        /** Quantity (base units) per position at |target| = 1, for fixed_quantity (backtrader's size=1). */
        quantity: positive.optional(),
        /** Percent of equity risked between entry and stop, for risk sizing. */
        riskPerTradePct: z.number().gt(0).max(100).default(1),
        /** Staged risk per trade per sleeve (see sizingStagesSchema); backtests size from its first step. */
        stages: sizingStagesSchema.optional(),
      })
      .strict()
      .refine((sizing) => sizing.stages === undefined || sizing.mode === 'risk', { message: 'sizing.stages steps risk per trade: it needs sizing.mode risk', path: ['stages'] })
      .default({ mode: 'weight', notional: 1_000, riskPerTradePct: 1 }),
    data: z
      .object({
        /** Bar interval; left out, a backtest takes it from the data's timestamps (else 1h). */
        timeframe: z.string().regex(/^\d+[smhdw]$/, 'a timeframe like 1h').default('1h'),
        /** Candle store directory, relative to the working directory. */
        store: z.string().min(1).default('data/store'),
        /** Share of the run's time span a sleeve's data may fall short of before the run warns (0.1 = 10 %). */
        maxCoverageDifference: z.number().min(0).max(1).default(0.1),
        /**
         * Sleeves with neither a file nor stored candles get a deterministic synthetic series (labelled
         * SYNTHETIC in every report). false: such a sleeve is an error.
         */
        syntheticFallback: z
          .union([
            z.literal(false),
            z.object({ bars: z.number().int().min(2).max(20_000_000).default(17_520), seed: z.number().int().default(1), start: z.string().default('2023-01-01T00:00:00Z') }).strict(),
          ])
          .default(false),
      })
      .strict()
      .default({ timeframe: '1h', store: 'data/store', maxCoverageDifference: 0.1, syntheticFallback: false }),
    metrics: z
      .object({
        daysPerYear: z.number().positive().max(366).default(365),
        /** Bars per year for annualising (252 for daily stock bars); default: daysPerYear × bars per day. */
        periodsPerYear: z.number().positive().optional(),
      })
      .strict()
      .default({ daysPerYear: 365 }),
    /**
     * Risk engine settings: capital profile per account (`accounts: {default: normal}`), custom
     * profiles, portfolio gate, order sanity, guardrails, emergency stop. Every order of every mode
     * passes it; left out, every account trades under the most cautious profile (micro).
     */
    risk: z
      .preprocess((raw, context) => {
        if (raw === RESEARCH_PRESET) return researchRiskInput();
        if (typeof raw === 'string') context.addIssue({ code: 'custom', message: `must be "${RESEARCH_PRESET}" or a mapping of risk settings`, input: raw });
        return raw;
      }, riskConfigSchema)
      .prefault({}),
    /**
     * Backtests only. `operatorResetAfterHours`: an account halted by an automatic trigger (the daily-
     * breach lock, the total-loss stop) is reset that many hours later, as an operator would after the
     * post-mortem; left out, it stays HALTED to the end of the run, as live does. Paper and live wait
     * for a person (`rampart reset`).
     */
    backtest: z
      .object({ operatorResetAfterHours: z.number().positive().optional() })
      .strict()
      .default({}),
    /** Live trading: reconciliation and protective-stop policy. */
    live: liveSectionSchema.prefault({}),
    /** Alert routing to Telegram, Slack, e-mail and webhooks; left out, alerts stay in the log. */
    alerts: alertsSectionSchema.prefault({}),
    /** Fallback accounts per sleeve, exchange-health thresholds and the failover policy. */
    routing: routingSectionSchema.prefault({}),
    sleeves: z.array(sleeveSchema).min(1),
  })
  .strict()
  .superRefine((config, context) => {
    const names = new Set<string>();
    config.sleeves.forEach((sleeve, index) => {
      if (names.has(sleeve.name)) {
        context.addIssue({ code: 'custom', path: ['sleeves', index, 'name'], message: `duplicate sleeve name "${sleeve.name}"`, input: sleeve.name });
      }
      names.add(sleeve.name);
    });
    const totalWeight = config.sleeves.reduce((sum, sleeve) => sum + sleeve.weight, 0);
    if (totalWeight > 1 + 1e-9) {
      context.addIssue({ code: 'custom', path: ['sleeves'], message: `sleeve weights must sum to at most 1, was ${totalWeight}`, input: totalWeight });
    }
    for (const problem of routingProblems(config)) context.addIssue({ code: 'custom', path: [...problem.path], message: problem.message, input: problem.value });
    if (config.sizing.mode === 'fixed_quantity' && config.sizing.quantity === undefined) {
      context.addIssue({ code: 'custom', path: ['sizing', 'quantity'], message: 'sizing mode fixed_quantity needs a quantity (base units per position)', input: undefined });
    }
  })
  .transform((config) => {
    if (config.risk.preset !== RESEARCH_PRESET) return config;
    // Every account of a research run trades under the research profile, whatever else names it.
    const accounts: Record<string, string> = {};
    for (const sleeve of config.sleeves) accounts[sleeve.account] = RESEARCH_PRESET;
    return { ...config, risk: { ...config.risk, accounts } };
  });

export type RampartConfigInput = z.input<typeof configSchema>;
export type RampartConfig = z.output<typeof configSchema>;
export type SleeveConfig = RampartConfig['sleeves'][number];
