import { RESEARCH_PRESET } from '../../risk/index.ts';
import type { RenderableReport } from './renderableReport.ts';

/** The accounts of a report that traded under the research profile (`risk: research`). */
export function researchAccounts(report: RenderableReport): string[] {
  return Object.entries(report.risk?.profiles ?? {})
    .filter(([, profile]) => profile.name === RESEARCH_PRESET)
    .map(([account]) => account);
}

/** The one sentence every report and summary of a research run carries. */
export function researchNotice(accounts: readonly string[]): string {
  return `RESEARCH: account${accounts.length > 1 ? 's' : ''} ${accounts.join(', ')} ran under the research profile (no profile limits, no emergency stop, gate and collar open); not a result a live account could trade.`;
}
