import { z } from 'zod';
import { ComparisonOperator, LadderMetric } from '../../ops/scaleRules/criterion.ts';

const metric = z.enum(Object.values(LadderMetric) as [LadderMetric, ...LadderMetric[]]);
const operator = z.enum(Object.values(ComparisonOperator) as [ComparisonOperator, ...ComparisonOperator[]]);

/** `{metric: sharpe14d, op: '>', value: 0}`. */
const criterionSchema = z.object({ metric, op: operator, value: z.number().refine(Number.isFinite, 'must be a finite number') }).strict();
const criteria = z.array(criterionSchema);

const stageSchema = z
  .object({
    /** 0 for paper, then 1, 2, 3 … */
    stage: z.number().int().min(0),
    name: z.string().min(1),
    mode: z.enum(['paper', 'live']),
    /** Capital (USDT) the runner sizes from at most; 0 only for a paper stage. */
    capital: z.number().min(0),
    /** Shortest time in the stage, days, before its exit may be judged. */
    minDays: z.number().int().min(0).default(0),
    entry: criteria.default([]),
    /** All required to move on. */
    exit: criteria.default([]),
    /** Any triggers a fall back to `toStage`. */
    abort: z.object({ toStage: z.number().int().min(0), any: criteria.min(1) }).strict().optional(),
    /** What a person attests before entry. */
    attestations: z.array(z.string().min(1)).default([]),
  })
  .strict();

/** Green / yellow / red band of one risk-guard metric (R1 SOP §3.2): green and red bounds, yellow between. */
const bandSchema = z.object({ metric, green: z.object({ op: operator, value: z.number() }).strict(), red: z.object({ op: operator, value: z.number() }).strict() }).strict();

const durationText = z.string().regex(/^\d+(ms|s|m|h|d)$/, 'must be a duration like 2h, 3h or 30d');

/**
 * The go-live rules file (`config/r1-scale-rules.yaml`): the pinned config, the launch checks' bounds,
 * the staged capital ladder and the risk guard's thresholds, in one strict schema (R1 SOP §1, §2, §3–5).
 */
export const scaleRulesSchema = z
  .object({
    /** The strategy config these rules govern, pinned by its SHA-256 (R1 SOP §1.3). */
    frozenConfig: z.object({ file: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits (shasum -a 256)') }).strict(),
    launch: z
      .object({
        /** Largest venue clock offset, ms (SOP §1.1: offset < 100 ms). */
        maxClockOffsetMs: z.number().positive().default(100),
        /** The last closed bar of every sleeve must be younger than this (SOP §1.4: < 2 h). */
        maxDataAge: durationText.default('2h'),
        /** No gap longer than this … */
        maxGap: durationText.default('3h'),
        /** … within this much recent history (SOP §1.4: no gaps > 3 h in the last 30 days). */
        gapLookback: durationText.default('30d'),
        /** Filled testnet trades an account needs before its first real activation. */
        minTestnetTrades: z.number().int().min(0).default(3),
      })
      .strict()
      .default({ maxClockOffsetMs: 100, maxDataAge: '2h', maxGap: '3h', gapLookback: '30d', minTestnetTrades: 3 }),
    /** Restarting after a halt (SOP §5.2). */
    restart: z
      .object({
        /** A completed post-mortem reference is required. */
        requirePostMortem: z.boolean().default(true),
        /** Distinct people who must sign off (`--approved-by`); 0 turns sign-off off. */
        approvers: z.number().int().min(0).default(2),
        /** The account restarts at the previous stage's capital. */
        restartAtPreviousStage: z.boolean().default(true),
      })
      .strict()
      .default({ requirePostMortem: true, approvers: 2, restartAtPreviousStage: true }),
    ladder: z.array(stageSchema).min(1),
    riskGuard: z
      .object({
        bands: z.array(bandSchema).default([]),
        scaleUp: z.object({ consecutiveDays: z.number().int().positive(), increasePct: z.number().positive(), all: criteria.min(1) }).strict().optional(),
        reduce: z.object({ yellowDays: z.number().int().positive(), sizeMultiplier: z.number().gt(0).lt(1), any: criteria.default([]) }).strict().optional(),
        hardStop: z.object({ any: criteria.min(1) }).strict().optional(),
      })
      .strict()
      .default({ bands: [] }),
  })
  .strict()
  .superRefine((rules, context) => {
    rules.ladder.forEach((stage, index) => {
      if (stage.mode === 'live' && !(stage.capital > 0)) context.addIssue({ code: 'custom', path: ['ladder', index, 'capital'], message: 'a live stage needs a positive capital' });
      if (index > 0 && stage.stage <= rules.ladder[index - 1].stage) context.addIssue({ code: 'custom', path: ['ladder', index, 'stage'], message: `stages must ascend, was ${stage.stage} after ${rules.ladder[index - 1].stage}` });
      if (stage.abort !== undefined && stage.abort.toStage >= stage.stage) context.addIssue({ code: 'custom', path: ['ladder', index, 'abort', 'toStage'], message: `an abort goes back to an earlier stage than ${stage.stage}` });
      if (stage.abort !== undefined && !rules.ladder.some((other) => other.stage === stage.abort?.toStage)) context.addIssue({ code: 'custom', path: ['ladder', index, 'abort', 'toStage'], message: 'must name a stage on the ladder' });
    });
  });

export type ScaleRules = z.output<typeof scaleRulesSchema>;
