import { z } from 'zod';
import { InputError } from '../../domain/errors/inputError.ts';
import { readYamlFile, validateWithSchema } from '../config/loadConfig.ts';
import { parseKeyPath, type KeyPath } from './keyPath.ts';

const scalar = z.union([z.number(), z.string(), z.boolean()]);
const rangeSchema = z
  .object({ from: z.number(), to: z.number(), step: z.number().positive() })
  .strict()
  .refine((range) => range.to >= range.from, { message: 'to must not be below from' })
  .refine((range) => (range.to - range.from) / range.step <= 100_000, { message: 'more than 100,000 values' });

export const gridFileSchema = z
  .object({
    /** Config key path → the values to try: a list, or {from, to, step}. */
    parameters: z.record(z.string(), z.union([z.array(z.union([scalar, z.array(scalar)])).min(1), rangeSchema])),
    /** Draw this many distinct grid points with a seeded generator instead of running every point. */
    sample: z.object({ runs: z.number().int().positive(), seed: z.number().int().default(1) }).strict().optional(),
  })
  .strict();

export interface GridParameter {
  /** As written in the grid file, e.g. `sleeves[0].params.lookback`. */
  readonly name: string;
  readonly path: KeyPath;
  readonly values: readonly unknown[];
}

export interface GridSpec {
  readonly file: string;
  readonly parameters: readonly GridParameter[];
  readonly sample?: { readonly runs: number; readonly seed: number };
}

/**
 * Keys that change which data a run reads. A sweep loads the candles once and every run shares them,
 * so a grid may not vary them.
 */
const DATA_KEYS = [/^name$/, /^data(\.|$)/, /^sleeves(\[\d+\])?$/, /^sleeves\[\d+\]\.(symbol|data|name)(\.|$)/];

/** Reads and validates a grid file; every refusal names the file and the grid key. */
export function loadGridSpec(file: string): GridSpec {
  const { raw } = readYamlFile(file, 'grid file');
  const parsed = validateWithSchema(gridFileSchema, raw, file, 'grid');
  const parameters: GridParameter[] = [];
  for (const [name, spec] of Object.entries(parsed.parameters)) {
    const keyPath = `parameters.${name}`;
    const path = parseKeyPath(name);
    if (!path) throw new InputError(`${file}: ${keyPath}: not a config key path like sleeves[0].params.lookback`, { file, keyPath, value: name });
    if (DATA_KEYS.some((pattern) => pattern.test(name))) {
      throw new InputError(`${file}: ${keyPath}: a sweep shares one load of the data between its runs and cannot vary "${name}"`, { file, keyPath, value: name });
    }
    const values = Array.isArray(spec) ? spec : rangeValues(spec);
    if (new Set(values.map((value) => JSON.stringify(value))).size !== values.length) {
      throw new InputError(`${file}: ${keyPath}: the same value is listed twice`, { file, keyPath, value: spec });
    }
    parameters.push({ name, path, values });
  }
  if (parameters.length === 0) throw new InputError(`${file}: parameters: name at least one config key to vary`, { file, keyPath: 'parameters' });
  return { file, parameters, sample: parsed.sample };
}

/** from, from+step, … ≤ to, rounded to the step's decimals so 0.1 steps stay 0.3, not 0.30000000000000004. */
function rangeValues(range: { from: number; to: number; step: number }): number[] {
  const decimals = Math.max(decimalPlaces(range.from), decimalPlaces(range.step));
  const count = Math.floor((range.to - range.from) / range.step + 1e-9) + 1;
  return Array.from({ length: count }, (_, index) => Number((range.from + index * range.step).toFixed(decimals)));
}

function decimalPlaces(value: number): number {
  const text = String(value);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}
