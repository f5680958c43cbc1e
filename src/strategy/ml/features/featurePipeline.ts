import { InputError } from '../../../domain/errors/inputError.ts';
import type { Bar } from '../../strategy.ts';
import { BarAggregator } from './barAggregator.ts';
import { createFeature, parseHigherTimeframe } from './featureCatalog.ts';
import type { FeatureComputer } from './featureComputer.ts';

/** Features of one timeframe computed on its bar stream, written into `values` at given slots. */
class FeatureGroup {
  readonly computers: FeatureComputer[] = [];
  readonly slots: number[] = [];
  constructor(private readonly values: Float64Array) {}
  add(computer: FeatureComputer, slot: number): void {
    this.computers.push(computer);
    this.slots.push(slot);
  }
  readonly onBar = (bar: Readonly<Bar>): void => {
    for (let i = 0; i < this.computers.length; i++) this.values[this.slots[i]] = this.computers[i].update(bar);
  };
}

/**
 * The features a model needs, by name and in its order, computed bar by bar: the same object serves
 * a backtest (run over columns by featureColumns) and a live sleeve (fed each closed bar), so
 * training, backtest and live see the same numbers. `htf_TF_x` features are `x` on bars of TF built
 * from the base bars, taken from the latest completed one and carried until the next completes
 * (NaN before the first).
 */
export class FeaturePipeline {
  /** The features after the last update, in `names` order; reused. */
  readonly values: Float64Array;
  private readonly base: FeatureGroup;
  private readonly aggregators: BarAggregator[] = [];

  constructor(
    readonly names: readonly string[],
    /** The interval of the bars fed to update, in ms. */
    readonly baseIntervalMs: number,
  ) {
    this.values = new Float64Array(names.length).fill(Number.NaN);
    this.base = new FeatureGroup(this.values);
    const higher = new Map<number, FeatureGroup>();
    names.forEach((name, slot) => {
      const htf = parseHigherTimeframe(name);
      if (htf === undefined) {
        this.base.add(createFeature(name), slot);
        return;
      }
      if (!(htf.timeframeMs > baseIntervalMs && htf.timeframeMs % baseIntervalMs === 0)) {
        throw new InputError(`feature ${name}: ${htf.timeframe} must be a whole multiple above the base bars (${baseIntervalMs / 60_000} min)`, { value: name });
      }
      if (parseHigherTimeframe(htf.feature) !== undefined) throw new InputError(`feature ${name}: a higher-timeframe feature cannot nest another`, { value: name });
      let group = higher.get(htf.timeframeMs);
      if (group === undefined) {
        group = new FeatureGroup(this.values);
        higher.set(htf.timeframeMs, group);
        this.aggregators.push(new BarAggregator(htf.timeframeMs, baseIntervalMs, group.onBar));
      }
      group.add(createFeature(htf.feature), slot);
    });
  }

  /** Feeds one closed base bar; `values` then holds every feature as of its close. */
  update(bar: Readonly<Bar>): Float64Array {
    this.base.onBar(bar);
    for (let i = 0; i < this.aggregators.length; i++) this.aggregators[i].add(bar);
    return this.values;
  }
}
