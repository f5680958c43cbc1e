import type { Command } from 'commander';
import { inspectModel, predictModelCsv } from '../../../app/services/models/modelCommands.ts';
import type { SetExitCode } from '../setExitCode.ts';

/** `rampart model inspect FILE` and `rampart model predict --model FILE --features CSV --out CSV`. */
export function register(program: Command, _setExitCode: SetExitCode): void {
  const model = program.command('model').description('inspect and evaluate XGBoost JSON and LightGBM text models');
  model
    .command('inspect')
    .description('kind, objective, trees, outputs and feature names of a model file')
    .argument('<file>', 'XGBoost JSON (save_model) or LightGBM text (save_model) model')
    .action((file: string) => {
      process.stdout.write(inspectModel(file));
    });
  model
    .command('predict')
    .description('one probability per row of a features CSV (header names the features; empty cells are missing values)')
    .requiredOption('--model <file>', 'model file')
    .requiredOption('--features <csv>', 'features CSV')
    .requiredOption('--out <csv>', 'output CSV: key column, probability')
    .action((options: { model: string; features: string; out: string }) => {
      const rows = predictModelCsv(options.model, options.features, options.out);
      process.stdout.write(`wrote ${rows} predictions to ${options.out}\n`);
    });
}
