import { InputError } from '../../../domain/errors/inputError.ts';
import type { SleeveConfig } from '../../config/configSchema.ts';
import { ML_ENSEMBLE } from './mlEnsembleDefinition.ts';

/**
 * The live runner places the protective stop but no take-profit order yet (issue 19's seam: a
 * reduce-only take-profit beside the stop, each cancelled when the other fills). A sleeve whose exits
 * depend on a take-profit would trade differently live than in its backtest, so it is refused at start.
 */
export function refuseLiveTakeProfit(sleeve: SleeveConfig, index: number): void {
  if (sleeve.strategy !== ML_ENSEMBLE || (sleeve.params as { takeProfitAtr?: unknown }).takeProfitAtr === undefined) return;
  throw new InputError(
    `sleeve ${sleeve.name}: the live runner places no take-profit orders yet, so sleeves[${index}].params.takeProfitAtr cannot trade live; backtest and paper simulate it (leave takeProfitAtr out and use exitOn: signal to trade this sleeve live)`,
    { keyPath: `sleeves[${index}].params.takeProfitAtr`, value: (sleeve.params as { takeProfitAtr?: unknown }).takeProfitAtr },
  );
}
