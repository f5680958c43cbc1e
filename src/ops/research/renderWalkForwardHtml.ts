import { escapeHtml } from '../reports/escapeHtml.ts';
import { REPORT_CSS } from '../reports/reportStyles.ts';
import { lineChartFigure, lineChartScripts } from '../reports/lineChartFigure.ts';
import { formatWalkForward } from './formatWalkForward.ts';
import type { WalkForwardReport } from './walkForwardReport.ts';

/** The walk-forward's HTML page: the chained out-of-sample equity curve and the text report. */
export function renderWalkForwardHtml(report: WalkForwardReport, chartLibraryJs: string): string {
  const chart = lineChartFigure({
    id: 'oos-equity',
    title: 'Out-of-sample equity, test windows chained',
    series: [{ label: 'out of sample', points: report.outOfSample.equity }],
  });
  const verdict = report.passed ? '<span class="badge real">PASSED</span>' : '<span class="badge">FAILED</span>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Walk-forward ${escapeHtml(report.name)}</title><style>${REPORT_CSS}</style></head>
<body><main>
<h1>Walk-forward: ${escapeHtml(report.name)} ${verdict}</h1>
<p class="subtitle">${escapeHtml(report.configPath)} over ${escapeHtml(report.gridPath)}</p>
${chart}
<pre>${escapeHtml(formatWalkForward(report))}</pre>
${lineChartScripts(chartLibraryJs)}
</main></body></html>
`;
}
