import { formatNumber } from '../reports/formatNumbers.ts';
import { textTable } from '../reports/textTable.ts';
import type { WalkForwardReport } from './walkForwardReport.ts';

/** The walk-forward report as text: windows, degradation, stability and the acceptance bars. */
export function formatWalkForward(report: WalkForwardReport): string {
  const windows = textTable(
    [{ header: '#' }, { header: 'test from' }, { header: 'test to' }, { header: 'chosen' }, { header: 'IS Sharpe', align: 'right' }, { header: 'OOS Sharpe', align: 'right' }, { header: 'OOS return %', align: 'right' }, { header: 'OOS trades', align: 'right' }],
    report.windows.map((window) => [
      String(window.index),
      window.test.from.slice(0, 16),
      window.test.to.slice(0, 16),
      window.chosen ? JSON.stringify(window.chosen.params) : (window.note ?? ''),
      window.inSample ? formatNumber(window.inSample.sharpe) : '—',
      window.outOfSample ? formatNumber(window.outOfSample.sharpe) : '—',
      window.outOfSample ? formatNumber(window.outOfSample.totalReturnPct) : '—',
      window.outOfSample ? String(window.outOfSample.trades) : '—',
    ]),
  );
  const stability = textTable(
    [{ header: 'parameter' }, { header: 'distinct', align: 'right' }, { header: 'most chosen' }, { header: 'share', align: 'right' }],
    report.stability.map((row) => [row.parameter, String(row.distinctValues), JSON.stringify(row.modalValue), `${formatNumber(row.modalShare * 100, 0)}%`]),
  );
  const { degradation, outOfSample } = report;
  return [
    `Walk-forward: ${report.name}, ${report.anchored ? 'anchored' : 'rolling'} ${report.trainDays}d train / ${report.testDays}d test, objective ${report.objective} (min ${report.minTrades} trades)`,
    '',
    ...windows,
    '',
    `Out of sample, chained: return ${formatNumber(outOfSample.totalReturnPct)}%, Sharpe ${formatNumber(outOfSample.sharpe)}, max DD ${formatNumber(outOfSample.maxDrawdownPct)}%, ${outOfSample.trades} trades, win rate ${formatNumber(outOfSample.winRatePct, 1)}%`,
    `Degradation: mean Sharpe in sample ${formatNumber(degradation.inSampleSharpe)} → out of sample ${formatNumber(degradation.outOfSampleSharpe)} (efficiency ${degradation.efficiency === null ? '—' : formatNumber(degradation.efficiency)})`,
    '',
    'Parameter stability across windows',
    ...stability,
    '',
    ...report.acceptance.map((check) => `${check.pass ? 'PASS' : 'FAIL'}  ${check.name} ${formatNumber(check.value)} (must be > ${check.above})`),
    `Walk-forward ${report.passed ? 'PASSED' : 'FAILED'} the acceptance bars`,
  ].join('\n');
}
