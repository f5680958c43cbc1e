import { z } from 'zod';
import { InputError } from '../../domain/errors/inputError.ts';
import type { Bar, PositionView, Signal, Strategy } from '../strategy.ts';
import { BarAggregator } from './features/barAggregator.ts';
import { FeaturePipeline } from './features/featurePipeline.ts';
import { AtrPctFeature } from './features/priceFeatures.ts';
import { predictRow } from './predictTreeEnsemble.ts';
import type { TreeEnsemble } from './treeEnsemble.ts';

export const mlEnsembleParamsSchema = z
  .object({
    /** The models' manifest (YAML beside them), relative to the config file. */
    manifest: z.string().min(1).describe('model manifest, relative to the config file'),
    /** Models of the manifest to combine, by file name, each with its weight in the mean probability. */
    models: z
      .array(z.object({ file: z.string().min(1), weight: z.number().positive().default(1) }).strict())
      .min(1)
      .describe('models by file name with weights'),
    /** Long when the weighted mean probability of "up" is above this (runbook: 0.55). */
    minConfidence: z.number().min(0.5).max(1).default(0.55).describe('long above this probability'),
    /** Short when the probability is below this; default 1 − minConfidence. */
    shortBelow: z.number().min(0).max(0.5).optional().describe('short below this probability'),
    /** Take-profit distance in ATRs from the entry fill (runbook 15m: 1.4). */
    takeProfitAtr: z.number().positive().optional().describe('take-profit in ATRs'),
    /** Stop-loss distance in ATRs from the entry fill (runbook 15m: 1.0). */
    stopLossAtr: z.number().positive().optional().describe('stop-loss in ATRs'),
    /** Wilder ATR length on the sleeve's bars, for the take-profit and stop distances. */
    atrPeriod: z.number().int().min(1).default(14).describe('ATR length in bars'),
    /**
     * `take_profit_or_stop`: a position is held until its take-profit or stop (or maxHoldBars);
     * `signal`: the target follows each bar's signal (flat between the thresholds).
     */
    exitOn: z.enum(['take_profit_or_stop', 'signal']).default('take_profit_or_stop').describe('how a position ends'),
    /** Close a position held this many bars (take_profit_or_stop); unset: no time exit. */
    maxHoldBars: z.number().int().min(1).optional().describe('time exit in bars'),
    /** Most entry signals per UTC day (runbook: --max-daily-trades 2); unset: no limit. */
    maxDailyTrades: z.number().int().min(1).optional().describe('entry signals per UTC day'),
    /** Sleeve bars seen before the first entry. */
    warmupBars: z.number().int().min(0).default(48).describe('bars before the first entry'),
  })
  .strict()
  .refine((params) => params.exitOn === 'signal' || (params.takeProfitAtr !== undefined && params.stopLossAtr !== undefined), {
    message: 'exitOn take_profit_or_stop needs takeProfitAtr and stopLossAtr',
    path: ['exitOn'],
  });

export type MlEnsembleParams = z.infer<typeof mlEnsembleParamsSchema>;

/** One model of the ensemble, loaded and checked by the caller (the app verifies file and manifest). */
export interface EnsembleMember {
  readonly name: string;
  readonly model: TreeEnsemble;
  readonly weight: number;
  /** Timeframe of the bars the model's features are computed on. */
  readonly timeframeMs: number;
  /** Output read as P(up): 0 for binary models; for multi-class the manifest's up class (default last). */
  readonly upClass: number;
}

/** Why the ensemble gave no decision at a bar (fail closed: the target is held, nothing new is opened). */
export interface EnsembleRefusal {
  readonly barTimeMs: number;
  readonly reason: string;
}

/** A member's features, model and latest probability, on its own timeframe's completed bars. */
class MemberState {
  readonly pipeline: FeaturePipeline;
  readonly output: Float64Array;
  probability = Number.NaN;
  /** The member's features were all missing at its last bar. */
  allMissing = true;
  readonly aggregator: BarAggregator | undefined;

  constructor(
    readonly member: EnsembleMember,
    baseIntervalMs: number,
  ) {
    this.pipeline = new FeaturePipeline(member.model.featureNames, member.timeframeMs);
    this.output = new Float64Array(member.model.outputCount);
    if (member.timeframeMs !== baseIntervalMs) this.aggregator = new BarAggregator(member.timeframeMs, baseIntervalMs, this.onBar);
  }

  readonly onBar = (bar: Readonly<Bar>): void => {
    const values = this.pipeline.update(bar);
    let missing = true;
    for (let i = 0; i < values.length; i++) if (values[i] === values[i]) missing = false;
    this.allMissing = missing;
    if (missing) {
      this.probability = Number.NaN;
      return;
    }
    predictRow(this.member.model, values, 0, this.output);
    this.probability = this.output[this.member.upClass];
  };

  add(bar: Readonly<Bar>): void {
    if (this.aggregator === undefined) this.onBar(bar);
    else this.aggregator.add(bar);
  }
}

/**
 * Gradient-boosted models per timeframe on features built bar by bar from the sleeve's bars,
 * combined by weighted mean probability: long above minConfidence, short below shortBelow, flat
 * otherwise; the signal's confidence is the probability of the side taken, so the minConfidence
 * guardrail acts on it in every mode. Take-profit and stop are ATR multiples from the entry fill.
 * A member whose features are all missing (or that has no completed bar yet) makes the bar a refusal:
 * the target is held, no position is opened, and `lastRefusal` says why.
 */
export class MlEnsemble implements Strategy {
  readonly name = 'ml_ensemble';
  readonly warmupBars: number;
  /** The weighted mean probability of "up" at the last bar (NaN on a refusal). */
  probability = Number.NaN;
  lastRefusal: EnsembleRefusal | undefined;
  refusedBars = 0;
  private readonly members: MemberState[];
  private readonly atr: AtrPctFeature;
  private readonly shortBelow: number;
  private barsSeen = 0;
  private entryDay = Number.NaN;
  private entriesToday = 0;

  constructor(
    private readonly params: MlEnsembleParams,
    members: readonly EnsembleMember[],
    baseIntervalMs: number,
  ) {
    this.members = members.map((member) => {
      if (!(member.timeframeMs >= baseIntervalMs && member.timeframeMs % baseIntervalMs === 0)) {
        throw new InputError(`model ${member.name}: its timeframe (${member.timeframeMs / 60_000} min) must be the sleeve's bars (${baseIntervalMs / 60_000} min) or a whole multiple of them`, { value: member.name });
      }
      return new MemberState(member, baseIntervalMs);
    });
    this.atr = new AtrPctFeature(params.atrPeriod);
    this.shortBelow = params.shortBelow ?? 1 - params.minConfidence;
    this.warmupBars = params.warmupBars;
  }

  refusalReason(): string | undefined {
    return this.lastRefusal?.reason;
  }

  onBar(bar: Readonly<Bar>, position: PositionView, signal: Signal): void {
    this.barsSeen++;
    this.atr.update(bar);
    let weighted = 0;
    let weights = 0;
    let refused: MemberState | undefined;
    for (const state of this.members) {
      state.add(bar);
      if (state.probability !== state.probability) refused ??= state;
      weighted += state.member.weight * state.probability;
      weights += state.member.weight;
    }
    if (refused !== undefined) {
      this.probability = Number.NaN;
      this.refusedBars++;
      const why = refused.allMissing ? 'every feature is missing (NaN)' : 'no completed bar of its timeframe yet';
      this.lastRefusal = { barTimeMs: bar.time, reason: `model ${refused.member.name}: ${why}; no new position` };
      return;
    }
    this.lastRefusal = undefined;
    const p = weighted / weights;
    this.probability = p;
    if (this.barsSeen <= this.params.warmupBars) return;
    const holding = position.side !== 0 && this.params.exitOn === 'take_profit_or_stop';
    if (holding) {
      if (this.params.maxHoldBars !== undefined && position.barsHeld >= this.params.maxHoldBars) signal.target = 0;
      return;
    }
    let target = p > this.params.minConfidence ? 1 : p < this.shortBelow ? -1 : 0;
    if (target !== 0 && position.target === 0 && !this.entryAllowedToday(bar.time)) target = 0;
    signal.target = target;
    signal.confidence = target < 0 ? 1 - p : p;
    if (target !== 0) {
      const atr = this.atr.atrValue;
      if (this.params.stopLossAtr !== undefined) signal.stopDistance = this.params.stopLossAtr * atr;
      if (this.params.takeProfitAtr !== undefined) signal.takeProfitDistance = this.params.takeProfitAtr * atr;
    }
  }

  /** Counts an entry signal against maxDailyTrades for the UTC day of `timeMs`; false once the day's are used. */
  private entryAllowedToday(timeMs: number): boolean {
    const limit = this.params.maxDailyTrades;
    if (limit === undefined) return true;
    const day = Math.floor(timeMs / 86_400_000);
    if (day !== this.entryDay) {
      this.entryDay = day;
      this.entriesToday = 0;
    }
    if (this.entriesToday >= limit) return false;
    this.entriesToday++;
    return true;
  }
}
