import { escapeHtml } from '../reports/escapeHtml.ts';
import { REPORT_CSS } from '../reports/reportStyles.ts';
import { lineChartFigure, lineChartScripts } from '../reports/lineChartFigure.ts';
import { formatNumber } from '../reports/formatNumbers.ts';
import { bySharpe } from './bestRuns.ts';
import { metricByParameter } from './robustness.ts';
import { sweepHeatmap } from './sweepHeatmap.ts';
import { SWEEP_METRICS } from './sweepMetricColumns.ts';
import type { SweepRunResult, SweepRunSummary } from './sweepRunResult.ts';

export interface SweepHtmlInput {
  readonly name: string;
  readonly configPath: string;
  readonly gridPath: string;
  readonly parameters: readonly string[];
  readonly results: readonly SweepRunSummary[];
  /** The best runs by Sharpe (`BestRuns`, best first), whose equity curves the page draws. */
  readonly best: readonly SweepRunResult[];
  /** lightweight-charts' standalone build, inlined so the page draws its charts offline. */
  readonly chartLibraryJs: string;
  /** The most runs the table lists (the best by Sharpe); the heatmap and robustness views count every run. Default MAX_TABLE_ROWS. */
  readonly maxTableRows?: number;
  /** Where every run is (the results file), named when the table lists only the best. */
  readonly resultsPath?: string;
}

/**
 * The runs table lists at most this many (about 1.2 MB of page): a browser sorts and draws ten thousand
 * rows at once, not the million a sweep may have.
 */
export const MAX_TABLE_ROWS = 10_000;

const SWEEP_CSS = `
th.sortable { cursor: pointer; user-select: none; }
th.sortable:hover { text-decoration: underline; }
table.heatmap td { text-align: right; min-width: 64px; }
.controls { display: flex; gap: 16px; margin: 8px 0; }
`;

/** The sweep's HTML page: sortable runs table, a two-parameter heatmap, best equity curves, robustness. */
export function renderSweepHtml(input: SweepHtmlInput): string {
  const best = input.best;
  const maxTableRows = input.maxTableRows ?? MAX_TABLE_ROWS;
  const listed = input.results.length <= maxTableRows ? input.results : [...input.results].sort(bySharpe).slice(0, maxTableRows);
  const rows = listed.map((result) => ({ hash: result.paramsHash, params: input.parameters.map((name) => result.params[name]), metrics: SWEEP_METRICS.map(({ key }) => result.metrics[key]) }));
  const heat = sweepHeatmap(input.results, input.parameters, SWEEP_METRICS.map(({ key }) => key));
  const data = { parameters: input.parameters, metrics: SWEEP_METRICS.map(({ label, decimals }) => ({ label, decimals })), rows, heat };
  const tableNote =
    listed.length < input.results.length
      ? `The ${listed.length.toLocaleString('en-US')} best of ${input.results.length.toLocaleString('en-US')} runs by Sharpe${input.resultsPath !== undefined ? ` (every run is in ${escapeHtml(input.resultsPath)})` : ''}; the heatmap and the robustness tables count every run. `
      : '';
  const curves = lineChartFigure({
    id: 'best-equity',
    title: `Equity of the ${best.length} best runs by Sharpe`,
    series: best.map((result) => ({ label: `${result.paramsHash} (Sharpe ${formatNumber(result.metrics.sharpe)})`, points: result.equity })),
  });
  const header = [...input.parameters, ...SWEEP_METRICS.map(({ label }) => label)]
    .map((label, column) => `<th class="sortable${column >= input.parameters.length ? ' num' : ''}" data-column="${column}">${escapeHtml(label)}</th>`)
    .join('');
  const options = (names: readonly string[], selected: number) => names.map((name, index) => `<option value="${index}"${index === selected ? ' selected' : ''}>${escapeHtml(name)}</option>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sweep ${escapeHtml(input.name)}</title><style>${REPORT_CSS}${SWEEP_CSS}</style></head>
<body><main>
<h1>Sweep: ${escapeHtml(input.name)}</h1>
<p class="subtitle">${input.results.length} runs of ${escapeHtml(input.configPath)} over ${escapeHtml(input.gridPath)}</p>
<h2>Runs</h2>
<p class="note" id="runs-note">${tableNote}Click a column to sort by it; each run's hash names it in the results file.</p>
<div class="table-scroll"><table class="data" id="runs"><thead><tr><th>run</th>${header}</tr></thead><tbody></tbody></table></div>
<h2>Heatmap</h2>
<div class="controls"><label>x <select id="heat-x">${options(input.parameters, 0)}</select></label>
<label>y <select id="heat-y">${options(input.parameters, Math.min(1, input.parameters.length - 1))}</select></label>
<label>metric <select id="heat-metric">${options(SWEEP_METRICS.map(({ label }) => label), 0)}</select></label></div>
<p class="note">Each cell is the mean of the metric over the runs with that pair of values (the other parameters free).</p>
<div id="heatmap"></div>
<h2>Best runs</h2>
${curves}
<h2>Robustness: each metric against each parameter</h2>
<p class="note">Mean of the metric over every run with the value, with the range (min … max): a flat row is a robust parameter, a lone peak a fitted one.</p>
${input.parameters.map((parameter) => robustnessTable(input.results, parameter)).join('\n')}
<script type="application/json" id="sweep-data">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>
<script>${SWEEP_SCRIPT}</script>
${lineChartScripts(input.chartLibraryJs)}
</main></body></html>
`;
}

function robustnessTable(results: readonly SweepRunSummary[], parameter: string): string {
  const spreads = SWEEP_METRICS.map(({ key }) => metricByParameter(results, parameter, key));
  const body = spreads[0]
    .map((row, index) => {
      const cells = SWEEP_METRICS.map(({ decimals }, m) => {
        const spread = spreads[m][index];
        return `<td class="num">${formatNumber(spread.mean, decimals)} <span class="note">(${formatNumber(spread.min, decimals)} … ${formatNumber(spread.max, decimals)})</span></td>`;
      }).join('');
      return `<tr><td>${escapeHtml(JSON.stringify(row.value))}</td><td class="num">${row.runs}</td>${cells}</tr>`;
    })
    .join('');
  const head = SWEEP_METRICS.map(({ label }) => `<th class="num">${escapeHtml(label)}</th>`).join('');
  return `<h3>${escapeHtml(parameter)}</h3><div class="table-scroll"><table class="data robustness"><thead><tr><th>value</th><th class="num">runs</th>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

// Runs in the browser: sorts the runs table and draws the heatmap from the embedded data.
const SWEEP_SCRIPT = `
const data = JSON.parse(document.getElementById('sweep-data').textContent);
const nParams = data.parameters.length;
const cell = (row, column) => column < nParams ? row.params[column] : row.metrics[column - nParams];
const show = (value, decimals) => typeof value === 'number' ? value.toFixed(decimals) : JSON.stringify(value);
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'})[c]);
let sortColumn = nParams, sortDescending = true;
function drawTable() {
  const rows = [...data.rows].sort((a, b) => {
    const x = cell(a, sortColumn), y = cell(b, sortColumn);
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : JSON.stringify(x).localeCompare(JSON.stringify(y));
    return sortDescending ? -order : order;
  });
  document.querySelector('#runs tbody').innerHTML = rows.map((row) => '<tr><td>' + row.hash + '</td>' +
    row.params.map((value) => '<td>' + escape(show(value, 4)) + '</td>').join('') +
    row.metrics.map((value, m) => '<td class="num">' + show(value, data.metrics[m].decimals) + '</td>').join('') + '</tr>').join('');
}
document.querySelectorAll('#runs th.sortable').forEach((th) => th.addEventListener('click', () => {
  const column = Number(th.dataset.column);
  sortDescending = column === sortColumn ? !sortDescending : true;
  sortColumn = column;
  drawTable();
}));
function drawHeatmap() {
  const px = Number(document.getElementById('heat-x').value), py = Number(document.getElementById('heat-y').value);
  const m = Number(document.getElementById('heat-metric').value);
  // The sums come for x <= y only: the other way round is the same cells transposed.
  const pair = data.heat[Math.min(px, py) + ',' + Math.max(px, py)];
  const swapped = px > py;
  const xs = swapped ? pair.ys : pair.xs, ys = swapped ? pair.xs : pair.ys;
  const means = new Map();
  // A sum that is not a finite number (a run without trades has no Sharpe) comes as null: no mean.
  for (const c of pair.cells) means.set(swapped ? c[1] + '|' + c[0] : c[0] + '|' + c[1], c[3 + m] === null ? NaN : c[3 + m] / c[2]);
  // A loop, not Math.min(...means): two parameters of 400 values each make 160,000 cells, past what a
  // call's arguments can hold.
  let lo = Infinity, hi = -Infinity;
  for (const mean of means.values()) if (Number.isFinite(mean)) { lo = Math.min(lo, mean); hi = Math.max(hi, mean); }
  const colour = (v) => { const t = hi > lo ? (v - lo) / (hi - lo) : 0.5; return 'hsl(' + Math.round(t * 120) + ',70%,' + (85 - t * 20) + '%)'; };
  let html = '<table class="data heatmap"><thead><tr><th>' + escape(data.parameters[py]) + ' \\\\ ' + escape(data.parameters[px]) + '</th>' + xs.map((x) => '<th class="num">' + escape(show(x, 4)) + '</th>').join('') + '</tr></thead><tbody>';
  ys.forEach((y, yi) => {
    html += '<tr><th>' + escape(show(y, 4)) + '</th>';
    xs.forEach((x, xi) => {
      const mean = means.get(xi + '|' + yi);
      html += mean === undefined ? '<td>—</td>' : Number.isFinite(mean) ? '<td style="background:' + colour(mean) + '">' + mean.toFixed(data.metrics[m].decimals) + '</td>' : '<td>n/a</td>';
    });
    html += '</tr>';
  });
  document.getElementById('heatmap').innerHTML = html + '</tbody></table>';
}
['heat-x', 'heat-y', 'heat-metric'].forEach((id) => document.getElementById(id).addEventListener('change', drawHeatmap));
drawTable();
drawHeatmap();
`;
