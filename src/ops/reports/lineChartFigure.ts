/**
 * Line charts for the research pages (sweep, walk-forward) through lightweight-charts, the library the
 * backtest report inlines: each figure carries its series as JSON and LINE_CHART_SCRIPT draws every figure of
 * the page, with the library's zoom and crosshair. No hand-drawn chart code.
 */
export interface LineSeriesSpec {
  readonly label: string;
  /** Points as [time ms, value], ascending in time. */
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface LineChartSpec {
  readonly id: string;
  readonly title: string;
  readonly series: readonly LineSeriesSpec[];
}

/** The figure: a caption, the chart's box and its data (times in whole UTC seconds, one point per second). */
export function lineChartFigure(spec: LineChartSpec): string {
  const series = spec.series.map(({ label, points }) => {
    const data: Array<{ time: number; value: number }> = [];
    for (const [timeMs, value] of points) {
      if (!Number.isFinite(value)) continue;
      const time = Math.floor(timeMs / 1000);
      // The library needs strictly rising times: a later point at the same second replaces the earlier one.
      if (data.length > 0 && data[data.length - 1].time >= time) data[data.length - 1] = { time: data[data.length - 1].time, value };
      else data.push({ time, value });
    }
    return { label, data };
  });
  const json = JSON.stringify({ series }).replace(/</g, '\\u003c');
  return `<figure><figcaption>${escapeText(spec.title)}</figcaption><div class="chart line-chart" id="${spec.id}" data-series-id="${spec.id}-data"></div><script type="application/json" id="${spec.id}-data">${json}</script></figure>`;
}

/** The library and the script that draws every `.line-chart` of the page; goes once, after the figures. */
export function lineChartScripts(chartLibraryJs: string): string {
  return `<script>${chartLibraryJs.replace(/<\/(script)/gi, '<\\/$1')}</script><script>${LINE_CHART_SCRIPT}</script>`;
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const LINE_CHART_SCRIPT = `(function () {
  'use strict';
  var LC = window.LightweightCharts;
  var PALETTE = ['#0969da', '#e36209', '#8250df', '#1a7f37', '#bf3989', '#57606a', '#0a3069', '#953800'];
  document.querySelectorAll('.line-chart').forEach(function (element) {
    var spec = JSON.parse(document.getElementById(element.getAttribute('data-series-id')).textContent);
    var chart = LC.createChart(element, {
      autoSize: true,
      layout: { background: { color: '#ffffff' }, textColor: '#1f2328' },
      grid: { vertLines: { color: '#eaeef2' }, horzLines: { color: '#eaeef2' } },
      timeScale: { timeVisible: true, secondsVisible: false, minBarSpacing: 0.01 }
    });
    spec.series.forEach(function (series, index) {
      var line = chart.addSeries(LC.LineSeries, { color: PALETTE[index % PALETTE.length], lineWidth: 2, title: series.label });
      line.setData(series.data);
    });
    chart.timeScale().fitContent();
  });
})();`;
