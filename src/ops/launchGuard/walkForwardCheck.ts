import type { LaunchCheck } from './launchChecks.ts';

const NAME = 'walk-forward passed for this config';

/**
 * The walk-forward report the go-live file names (`walkForwardReport`), as preflight read it: `report`
 * is the parsed JSON, undefined when the file could not be read or parsed (`error` says why).
 */
export interface WalkForwardObservation {
  /** The report file (absolute). */
  readonly file: string;
  /** The config being checked and the SHA-256 of its bytes. */
  readonly configPath: string;
  readonly configSha256: string;
  readonly report: unknown;
  readonly error?: string;
}

/** The part of `rampart walk-forward`'s JSON (WalkForwardReport) the gate reads; NaN metrics arrive as null. */
interface ReportShape {
  readonly configSha256: string;
  readonly passed: boolean;
  readonly windows: readonly unknown[];
  readonly outOfSample: { readonly sharpe: number | null; readonly winRatePct: number | null };
  readonly acceptance: ReadonlyArray<{ readonly name: string; readonly value: number | null; readonly above: number; readonly pass: boolean }>;
}

/**
 * Issue 20: go-live requires a passing walk-forward of the frozen config. Not configured: a soft WARN,
 * like the other optional service checks. Configured: hard, failing on a missing or foreign file, a
 * report of other config bytes (both hashes and the command that re-runs it) or failed acceptance bars
 * (each with its value and bound).
 */
export function walkForwardCheck(observed: WalkForwardObservation | undefined): LaunchCheck {
  if (observed === undefined) return { name: NAME, severity: 'soft', scope: 'account', ok: false, detail: 'not configured (walkForwardReport in the go-live file)' };
  const { file, configPath, configSha256 } = observed;
  const rerun = `rampart walk-forward -c ${configPath} --grid … --json ${file}`;
  const fail = (detail: string): LaunchCheck => ({ name: NAME, severity: 'hard', scope: 'account', ok: false, detail });
  if (observed.report === undefined) return fail(`${file}: ${observed.error ?? 'not readable'} (write it with ${rerun})`);
  const problem = shapeProblem(observed.report);
  if (problem !== undefined) return fail(`${file} is not a walk-forward report (${problem}); write one with ${rerun}`);
  const report = observed.report as ReportShape;
  if (report.configSha256 !== configSha256) {
    return fail(`${file} is the walk-forward of config sha256 ${report.configSha256}, ${configPath} is ${configSha256}: re-run the walk-forward on this config (${rerun})`);
  }
  const failing = report.acceptance.filter((bar) => !bar.pass);
  if (!report.passed || failing.length > 0) {
    const bars = failing.map((bar) => `${bar.name} ${figure(bar.value, bar.above)} (needs > ${figure(bar.above)})`);
    if (bars.length === 0) bars.push(report.windows.length === 0 ? 'the report has no test window' : 'no test window was traded (no training run met the minimum trade count)');
    return fail(`${file} failed the acceptance bars: ${bars.join('; ')}`);
  }
  const { sharpe, winRatePct } = report.outOfSample;
  return { name: NAME, severity: 'hard', scope: 'account', ok: true, detail: `${file}: passed over ${report.windows.length} window(s), out-of-sample Sharpe ${figure(sharpe)}, win rate ${figure(winRatePct)} %` };
}

/**
 * A figure with three decimals at most; an undefined metric (NaN → null in JSON) as n/a. Against a bound,
 * a value the rounding would carry onto or over the bound (0.79987 against 0.8) is printed whole.
 */
function figure(value: number | null, bound?: number): string {
  if (value === null || !Number.isFinite(value)) return 'n/a';
  const short = Number(value.toFixed(3));
  const misleading = bound !== undefined && (short > bound !== value > bound || (short === bound && value !== bound));
  return misleading ? String(value) : String(short);
}

/** Why a parsed JSON value is not a WalkForwardReport, naming the first field that is wrong; undefined when it is one. */
function shapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const report = value as Record<string, unknown>;
  if (typeof report.configSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(report.configSha256)) return 'configSha256 is not a SHA-256';
  if (typeof report.passed !== 'boolean') return 'passed is not true or false';
  if (!Array.isArray(report.windows)) return 'windows is not a list';
  const outOfSample = report.outOfSample as Record<string, unknown> | null | undefined;
  if (typeof outOfSample !== 'object' || outOfSample === null) return 'outOfSample is missing';
  for (const key of ['sharpe', 'winRatePct']) if (!(typeof outOfSample[key] === 'number' || outOfSample[key] === null)) return `outOfSample.${key} is not a number`;
  if (!Array.isArray(report.acceptance)) return 'acceptance is not a list';
  for (const [index, bar] of (report.acceptance as unknown[]).entries()) {
    const check = bar as Record<string, unknown> | null;
    if (typeof check !== 'object' || check === null || typeof check.name !== 'string' || !(typeof check.value === 'number' || check.value === null) || typeof check.above !== 'number' || typeof check.pass !== 'boolean') {
      return `acceptance[${index}] is not {name, value, above, pass}`;
    }
  }
  return undefined;
}
