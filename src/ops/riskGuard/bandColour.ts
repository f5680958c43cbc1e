import { judgeCriterion, type ComparisonOperator, type LadderMetric, type MeasuredFigures } from '../scaleRules/criterion.ts';

/** One metric's green and red bounds (yellow between), as the rules file's `riskGuard.bands` give them. */
export interface Band {
  readonly metric: LadderMetric;
  readonly green: { readonly op: ComparisonOperator; readonly value: number };
  readonly red: { readonly op: ComparisonOperator; readonly value: number };
}

/** A metric's colour (R1 SOP §3.2); `unmeasured` when the record cannot give the figure yet. */
export type Colour = 'green' | 'yellow' | 'red' | 'unmeasured';

export interface BandVerdict {
  readonly metric: LadderMetric;
  readonly measured: number | undefined;
  readonly colour: Colour;
  /** `runningMaxDrawdownPct 9.1: yellow (green < 8, red > 10)`. */
  readonly text: string;
}

/**
 * Red when the red bound holds, else green when the green bound holds, else yellow. A figure not
 * measured is neither: it raises nothing on its own, and every scale-up condition on it fails.
 */
export function bandColour(band: Band, figures: MeasuredFigures): BandVerdict {
  const red = judgeCriterion({ metric: band.metric, ...band.red }, figures);
  const green = judgeCriterion({ metric: band.metric, ...band.green }, figures);
  const colour: Colour = red.measured === undefined ? 'unmeasured' : red.met ? 'red' : green.met ? 'green' : 'yellow';
  const shown = red.measured === undefined ? 'not measured' : String(Math.round(red.measured * 10_000) / 10_000);
  return { metric: band.metric, measured: red.measured, colour, text: `${band.metric} ${shown}: ${colour} (green ${band.green.op} ${band.green.value}, red ${band.red.op} ${band.red.value})` };
}
