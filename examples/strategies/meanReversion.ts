/**
 * Example user strategy: z-score mean reversion. Load it from a config with
 * `strategy: ./strategies/meanReversion.ts` (a path relative to the config file).
 *
 * z = (close − mean) / σ over the last `lookback` closes. Flat: buy when z < −entryZ, sell short when
 * z > entryZ. Long: exit once z ≥ −exitZ (the price has reverted), flip short if z > entryZ.
 * Short: mirrored. Like the built-ins, it allocates nothing per bar.
 */
import { StdDev, z, type Bar, type PositionView, type Signal, type Strategy, type StrategyDefinition } from 'rampart/strategy';

const paramsSchema = z
  .object({
    /** Bars in the mean and standard deviation window. */
    lookback: z.number().int().min(2).default(48).describe('bars in the mean and standard-deviation window'),
    /** |z| beyond which a position is opened against the move. */
    entryZ: z.number().positive().default(2).describe('|z| beyond which a position is opened against the move'),
    /** |z| within which the position is closed. */
    exitZ: z.number().min(0).default(0.5).describe('|z| within which the position is closed'),
    /** Fraction of the sleeve's allocation per position. */
    size: z.number().gt(0).max(1).default(1).describe('target size as a fraction of the allocation'),
  })
  .strict()
  .refine((params) => params.exitZ < params.entryZ, { message: 'exitZ must be below entryZ', path: ['exitZ'] });

type MeanReversionParams = z.infer<typeof paramsSchema>;

class MeanReversion implements Strategy {
  readonly name = 'mean_reversion';
  readonly warmupBars: number;
  private readonly stdDev: StdDev;

  constructor(private readonly params: MeanReversionParams) {
    this.stdDev = new StdDev(params.lookback);
    this.warmupBars = params.lookback;
  }

  onBar(bar: Readonly<Bar>, position: PositionView, signal: Signal): void {
    const sigma = this.stdDev.update(bar.close);
    if (!(sigma > 0)) return; // warming up, or a flat window where z is undefined: hold
    const zScore = (bar.close - this.stdDev.mean) / sigma;
    const { entryZ, exitZ, size } = this.params;
    if (zScore > entryZ && position.side >= 0) signal.target = -size;
    else if (zScore < -entryZ && position.side <= 0) signal.target = size;
    else if (position.side > 0 && zScore >= -exitZ) signal.target = 0;
    else if (position.side < 0 && zScore <= exitZ) signal.target = 0;
  }
}

const meanReversion: StrategyDefinition<MeanReversionParams> = {
  name: 'mean_reversion',
  description: 'z-score mean reversion: fade moves beyond entryZ standard deviations, exit within exitZ.',
  paramsSchema,
  create: (params) => new MeanReversion(params),
};

export default meanReversion;
