import { InputError } from '../../domain/errors/inputError.ts';

/**
 * Fails closed on a target no strategy may ask for: a number outside [-1, 1], ±Infinity, or NaN where the
 * engine had put a number (`preset`: the engine writes the current target before each call, so a strategy
 * that says nothing leaves it as it was). Clamping `target = 5` to 1 would trade a bug at full size.
 * Returns the target; the error names the sleeve, the strategy and the bar.
 */
export function checkStrategyTarget(target: number, preset: number, sleeve: string, strategy: string, barTimeMs: number): number {
  if (target >= -1 && target <= 1) return target;
  if (target !== target && preset !== preset) return target;
  throw new InputError(
    `sleeve ${sleeve}: strategy ${strategy} set target ${String(target)} at the bar of ${new Date(barTimeMs).toISOString()}; a target must be a number in [-1, 1] (a fraction of the sleeve's allocation, negative for short)`,
    { keyPath: 'signal.target', value: target },
  );
}
