import { z } from 'zod';
import type { Bar, PositionView, Signal, Strategy, StrategyDefinition } from '../strategy.ts';
import { Atr } from '../indicators/atr.ts';
import { DonchianChannel } from '../indicators/donchianChannel.ts';

export const breakoutVolAtrParamsSchema = z
  .object({
    /** Donchian channel length: the breakout compares the close with the previous `channel` bars. */
    channel: z.number().int().min(1).default(336).describe('Donchian channel length in bars (previous bars only)'),
    /** Wilder ATR length in bars. */
    atrPeriod: z.number().int().min(1).default(14).describe('Wilder ATR length in bars'),
    /** Protective stop distance in ATRs from the entry fill. */
    atrStop: z.number().positive().default(2).describe('protective stop distance in ATRs from the entry fill'),
    /** Close the position after this many bars held. */
    timeStopBars: z.number().int().min(1).default(72).describe('close the position after this many bars held'),
    /** Fraction of the sleeve's allocation taken on a breakout. */
    riskMultiplier: z.number().gt(0).max(1).default(0.7).describe("fraction of the sleeve's allocation per breakout"),
  })
  .strict();

export type BreakoutVolAtrParams = z.infer<typeof breakoutVolAtrParamsSchema>;

/**
 * Donchian breakout with an ATR stop and a time stop (the C reference kernel `run_don`): at the close
 * of bar i ≥ channel, a close above the highest high (below the lowest low) of bars i−channel … i−1
 * enters long (short) at riskMultiplier with a stop atrStop·ATR away, unless already on that side;
 * otherwise a position held timeStopBars bars is closed.
 */
export class BreakoutVolAtr implements Strategy {
  readonly name = 'breakout_vol_atr';
  readonly warmupBars: number;
  private readonly channel: DonchianChannel;
  private readonly atr: Atr;
  // Declared NaN (a double) rather than bare, which would store them tagged (see Ema).
  private readonly atrStop: number = NaN;
  private readonly timeStopBars: number;
  private readonly riskMultiplier: number = NaN;

  constructor(params: BreakoutVolAtrParams) {
    this.channel = new DonchianChannel(params.channel);
    this.atr = new Atr(params.atrPeriod);
    this.atrStop = params.atrStop;
    this.timeStopBars = params.timeStopBars;
    this.riskMultiplier = params.riskMultiplier;
    this.warmupBars = params.channel;
  }

  indicatorValues(): Readonly<Record<string, number>> {
    return { highestHigh: this.channel.upper, lowestLow: this.channel.lower, atr: this.atr.value };
  }

  onBar(bar: Readonly<Bar>, position: PositionView, signal: Signal): void {
    const close = bar.close;
    const atr = this.atr.update(bar.high, bar.low, close);
    // Read the channel before this bar enters it: it spans the previous `channel` bars (NaN before).
    const channelHigh = this.channel.upper;
    const channelLow = this.channel.lower;
    const breakout = close > channelHigh ? 1 : close < channelLow ? -1 : 0;
    if (breakout !== 0 && breakout !== position.side) {
      signal.target = breakout * this.riskMultiplier;
      // NaN (no stop) while the ATR is still warming up, which only happens when channel < atrPeriod.
      signal.stopDistance = this.atrStop * atr;
    } else if (position.side !== 0 && position.barsHeld >= this.timeStopBars) {
      signal.target = 0;
    }
    this.channel.update(bar.high, bar.low);
  }
}

export const breakoutVolAtr: StrategyDefinition<BreakoutVolAtrParams> = {
  name: 'breakout_vol_atr',
  description:
    'Donchian breakout of the previous `channel` bars, entering at riskMultiplier with an atrStop×ATR stop and a timeStopBars time stop.',
  paramsSchema: breakoutVolAtrParamsSchema,
  create: (params) => new BreakoutVolAtr(params),
};
