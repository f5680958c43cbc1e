import type { JsonObject, JsonValue } from '../../ports/tradeStore.ts';
import type { RiskGuardOutcome } from './riskGuardService.ts';

/** Numbers as JSON gives them: NaN and ±Infinity (not measured, no loss) become null. */
export function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/** One run as `reports/risk_guard/latest_decision.json` and `risk-guard --json` write it. */
export function riskGuardJson(outcomes: readonly RiskGuardOutcome[], context: { rulesFile: string; configFile: string; nowMs: number; dryRun: boolean }): JsonObject {
  return {
    generatedAt: new Date(context.nowMs).toISOString(),
    dryRun: context.dryRun,
    rulesFile: context.rulesFile,
    configFile: context.configFile,
    accounts: outcomes.map((outcome): JsonObject => {
      const { judgement, metrics } = outcome;
      return {
        account: outcome.account,
        decision: judgement.decision,
        reasons: [...judgement.reasons],
        sizeMultiplier: judgement.state.sizeMultiplier,
        previousSizeMultiplier: outcome.previousSizeMultiplier,
        proposedSizeMultiplier: finite(judgement.proposedSizeMultiplier),
        bands: judgement.bands.map((band): JsonObject => ({ metric: band.metric, value: finite(band.measured), colour: band.colour })),
        scaleUp: judgement.scaleUp.map((verdict): JsonObject => ({ condition: verdict.text, met: verdict.met })),
        hardStop: judgement.hardStop.map((verdict): JsonObject => ({ condition: verdict.text, met: verdict.met })),
        reduce: judgement.reduce.map((verdict): JsonObject => ({ condition: verdict.text, met: verdict.met })),
        counters: { day: judgement.state.counters.day, yellowDays: { ...judgement.state.counters.yellowDays }, scaleUpDays: judgement.state.counters.scaleUpDays },
        figures: Object.fromEntries(Object.entries(metrics.figures).map(([name, value]): [string, JsonValue] => [name, finite(value)])),
        actions: [...outcome.actions],
      };
    }),
  };
}

/** The run as text: one block per account. */
export function formatRiskGuard(outcomes: readonly RiskGuardOutcome[], dryRun: boolean): string {
  const lines: string[] = [];
  for (const outcome of outcomes) {
    const { judgement } = outcome;
    lines.push(`${outcome.account}: ${judgement.decision}${dryRun ? ' (dry run: nothing stored, nothing done)' : ''}`);
    for (const band of judgement.bands) lines.push(`  ${band.colour.padEnd(10)} ${band.text}`);
    for (const reason of judgement.reasons) lines.push(`  reason: ${reason}`);
    lines.push(`  scale-up days: ${judgement.state.counters.scaleUpDays}; size multiplier: ${outcome.previousSizeMultiplier} → ${judgement.state.sizeMultiplier}${judgement.proposedSizeMultiplier !== undefined ? ` (proposed ${judgement.proposedSizeMultiplier}, awaiting approval)` : ''}`);
    for (const action of outcome.actions) lines.push(`  done: ${action}`);
  }
  return lines.join('\n');
}
