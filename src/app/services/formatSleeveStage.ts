import { criterionText } from '../../ops/riskStages/index.ts';
import type { SleeveRiskStage } from './riskStageState.ts';

export const percent = (fraction: number) => `${Number((fraction * 100).toFixed(4))} %`;

export function formatSleeveStage(stage: SleeveRiskStage): string {
  const lines = [`${stage.account}/${stage.sleeve}: step ${stage.stepIndex} risk ${percent(stage.riskPerTrade)} per trade since ${new Date(stage.enteredAtMs).toISOString()} (${stage.how}): ${stage.review.verdict}`];
  lines.push('  advance (all required):');
  for (const item of stage.review.advance) lines.push(`    ${item.met ? 'MET    ' : 'NOT MET'}  ${criterionText(item)}`);
  lines.push('  stop scaling (any steps down):');
  for (const item of stage.review.stepDown) lines.push(`    ${item.met ? 'TRIGGERED' : 'clear    '}  ${criterionText(item)}`);
  return lines.join('\n');
}
