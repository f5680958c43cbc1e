import { z } from 'zod';

const metrics = z
  .object({
    /** Sharpe ratio the model was accepted on (per trade or annualised, as `sharpeBasis` says). */
    sharpe: z.number().describe('Sharpe ratio in the acceptance backtest'),
    sharpeBasis: z.enum(['per_trade', 'annualised']).default('per_trade').describe('what the Sharpe is measured over'),
    /** Gross profit / gross loss in the acceptance backtest. */
    profitFactor: z.number().min(0).describe('profit factor in the acceptance backtest'),
    /** Winning trades / trades, as a fraction (0.55 = 55 %). */
    winRate: z.number().min(0).max(1).describe('win rate as a fraction'),
    trades: z.number().int().min(0).optional().describe('trades in the acceptance backtest'),
  })
  .strict();

const modelEntry = z
  .object({
    /** Model file, relative to the manifest's folder. */
    file: z.string().min(1).describe('model file, relative to the manifest'),
    /** SHA-256 of the file's bytes (what `shasum -a 256` prints); a sleeve refuses a file that differs. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits').describe('SHA-256 of the model file'),
    /** Bar timeframe the model was trained on (`15m`, `1h`); its features are computed on bars of it. */
    timeframe: z.string().regex(/^\d+[mhdw]$/, 'must look like 5m, 1h or 1d').describe('bar timeframe of the features'),
    /** Feature names in the model's input order; each must be known to the feature pipeline. */
    features: z.array(z.string().min(1)).min(1).describe('feature names in input order'),
    trainingPeriod: z.object({ from: z.iso.datetime(), to: z.iso.datetime() }).strict().describe('bars the model was trained on'),
    acceptedMetrics: metrics.describe('backtest metrics the model was accepted on'),
    /** For a multi-class model: which class is "up" (default: the last). */
    upClass: z.number().int().min(0).optional().describe('index of the up class of a multi-class model'),
  })
  .strict();

/** `manifest.yaml` beside the models: what each file is, what it needs and what it was accepted on. */
export const modelManifestSchema = z
  .object({
    models: z.array(modelEntry).min(1).describe('the model files of this folder'),
  })
  .strict();

export type ModelManifest = z.infer<typeof modelManifestSchema>;
export type ModelManifestEntry = z.infer<typeof modelEntry>;
