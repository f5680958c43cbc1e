/**
 * The page's own script: draws the report's charts with lightweight-charts (inlined before it) from the
 * JSON in `#report-chart-data`. Plain ES2017 in a string, because it runs in the reader's browser, not here.
 * A missing library or bad data throws, which the browser test sees as a page error.
 */
export const REPORT_CHART_SCRIPT = `(function () {
  'use strict';
  var LC = window.LightweightCharts;
  var data = JSON.parse(document.getElementById('report-chart-data').textContent);
  var PALETTE = ['#0969da', '#e36209', '#8250df', '#1a7f37', '#bf3989', '#57606a', '#0a3069', '#953800'];
  function chartIn(id, extra) {
    var element = document.getElementById(id);
    var options = {
      autoSize: true,
      layout: { background: { color: '#ffffff' }, textColor: '#1f2328', fontFamily: 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif' },
      grid: { vertLines: { color: '#eaeef2' }, horzLines: { color: '#eaeef2' } },
      // A tiny minimum spacing lets fitContent show the whole run at first; zooming spreads the bars.
      timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#d1d9e0', minBarSpacing: 0.01 },
      rightPriceScale: { borderColor: '#d1d9e0' },
      crosshair: { mode: 0 }
    };
    for (var key in extra) options[key] = extra[key];
    return LC.createChart(element, options);
  }
  // A null value (a figure the run did not have) is a gap, not a zero.
  function points(times, values) {
    var out = [];
    for (var i = 0; i < times.length; i++) out.push(values[i] === null ? { time: times[i] } : { time: times[i], value: values[i] });
    return out;
  }
  var equity = data.equity;
  if (equity.time.length > 0) {
    var equityChart = chartIn('chart-equity', {});
    var equityLine = equityChart.addSeries(LC.LineSeries, { color: '#0969da', lineWidth: 2, title: 'equity' });
    equityLine.setData(points(equity.time, equity.equity));
    equityLine.createPriceLine({ price: data.initialCapital, color: '#8c959f', lineStyle: 2, lineWidth: 1, axisLabelVisible: false, title: 'initial capital' });
    if (data.stateMarkers.length > 0) LC.createSeriesMarkers(equityLine, data.stateMarkers);
    var drawdown = equityChart.addSeries(LC.AreaSeries, {
      lineColor: '#c62828', topColor: 'rgba(198, 40, 40, 0.05)', bottomColor: 'rgba(198, 40, 40, 0.35)', invertFilledArea: true, lineWidth: 1, title: 'drawdown %',
      priceFormat: { type: 'custom', formatter: function (value) { return value.toFixed(2) + '%'; } }
    }, 1);
    drawdown.setData(points(equity.time, equity.drawdownPct));
    var panes = equityChart.panes();
    if (panes.length > 1) { panes[0].setStretchFactor(0.68); panes[1].setStretchFactor(0.32); }
    equityChart.timeScale().fitContent();

    var contributionChart = chartIn('chart-contribution', {});
    equity.contributions.forEach(function (sleeve, index) {
      var line = contributionChart.addSeries(LC.LineSeries, {
        color: PALETTE[index % PALETTE.length], lineWidth: 2, title: sleeve.label,
        priceFormat: { type: 'custom', formatter: function (value) { return value.toFixed(2) + '%'; } }
      });
      line.setData(points(equity.time, sleeve.values));
    });
    contributionChart.timeScale().fitContent();
  }
  data.prices.forEach(function (price) {
    if (price.candles.length === 0) return;
    var chart = chartIn(price.id, {});
    var series = chart.addSeries(LC.CandlestickSeries, {
      upColor: '#1a7f37', downColor: '#c62828', borderVisible: false, wickUpColor: '#1a7f37', wickDownColor: '#c62828', title: price.title
    });
    series.setData(price.candles.map(function (row) { return { time: row[0], open: row[1], high: row[2], low: row[3], close: row[4] }; }));
    if (price.markers.length > 0) LC.createSeriesMarkers(series, price.markers);
    chart.timeScale().fitContent();
  });
  document.documentElement.setAttribute('data-charts', 'drawn');
})();
`;
