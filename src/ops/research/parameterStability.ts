export interface ParameterStability {
  readonly parameter: string;
  /** The value chosen in each window, in window order. */
  readonly chosen: readonly unknown[];
  readonly distinctValues: number;
  /** The value chosen most often, and the share of windows (0–1) that chose it. */
  readonly modalValue: unknown;
  readonly modalShare: number;
}

/** How steady each parameter's choice is across the windows: one value throughout is most stable. */
export function parameterStability(parameters: readonly string[], choices: ReadonlyArray<Readonly<Record<string, unknown>>>): ParameterStability[] {
  return parameters.map((parameter) => {
    const chosen = choices.map((params) => params[parameter]);
    const counts = new Map<string, { value: unknown; count: number }>();
    for (const value of chosen) {
      const key = JSON.stringify(value);
      const entry = counts.get(key) ?? { value, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
    const modal = [...counts.values()].sort((a, b) => b.count - a.count)[0];
    return { parameter, chosen, distinctValues: counts.size, modalValue: modal?.value, modalShare: chosen.length > 0 ? (modal?.count ?? 0) / chosen.length : 0 };
  });
}
