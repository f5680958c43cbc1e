import { resolve } from 'node:path';
import { InputError } from '../../../domain/errors/inputError.ts';
import { timeframeToMs } from '../../../domain/market/timeframe.ts';
import { MlEnsemble, mlEnsembleParamsSchema, type EnsembleMember, type MlEnsembleParams } from '../../../strategy/ml/mlEnsemble.ts';
import type { StrategyDefinition } from '../../../strategy/strategy.ts';
import { loadVerifiedModel } from './loadVerifiedModels.ts';

export const ML_ENSEMBLE = 'ml_ensemble';

/**
 * The `ml_ensemble` strategy for sleeves of a config in `baseDir` trading `timeframe` bars: create()
 * reads each model named in params, checks it against the manifest (SHA-256, features) and refuses
 * a feature the pipeline does not compute, each an InputError naming the file and key path.
 */
export function mlEnsembleDefinition(baseDir: string, timeframe: string): StrategyDefinition<MlEnsembleParams> {
  return {
    name: ML_ENSEMBLE,
    description: 'XGBoost/LightGBM models per timeframe, weighted mean probability; long above minConfidence, short below 1 − it; ATR take-profit and stop.',
    paramsSchema: mlEnsembleParamsSchema,
    create: (params) => {
      const manifestPath = resolve(baseDir, params.manifest);
      const members: EnsembleMember[] = params.models.map((entry) => {
        const verified = loadVerifiedModel(manifestPath, entry.file);
        const outputs = verified.model.outputCount;
        const upClass = verified.entry.upClass ?? outputs - 1;
        if (upClass >= outputs) {
          throw new InputError(`model ${verified.path}: upClass ${upClass} is outside its ${outputs} outputs (${manifestPath})`, { file: manifestPath, value: upClass });
        }
        return { name: entry.file, model: verified.model, weight: entry.weight, timeframeMs: timeframeToMs(verified.entry.timeframe), upClass };
      });
      try {
        return new MlEnsemble(params, members, timeframeToMs(timeframe));
      } catch (error) {
        if (error instanceof InputError) throw new InputError(`${manifestPath}: ${error.message}`, { file: manifestPath, value: error.details.value }, { cause: error });
        throw error;
      }
    },
  };
}

