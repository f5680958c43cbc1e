import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TRADE_ROWS, renderHtmlReport as renderWithOptions } from './renderHtmlReport.ts';
import type { RenderableReport } from './renderableReport.ts';
import { DEFAULT_SAMPLE_SLEEVES, buildSampleReport } from './testing/sampleReport.ts';

/** Stands in for lightweight-charts: these tests read the page's text; the browser test in app/main.test.ts draws it. */
const LIBRARY_STUB = 'window.LightweightCharts = { stub: true };';

function renderHtmlReport(report: RenderableReport): string {
  return renderWithOptions(report, { chartLibraryJs: LIBRARY_STUB, prices: [] });
}

/** The page without its inline scripts: what the reader sees as markup. */
function markup(html: string): string {
  return html.replace(/<script[\s\S]*?<\/script>/g, '');
}

const HOSTILE_NAME = '<script>alert(1)</script>';

function tradeRowCount(html: string): number {
  const section = /<section id="trades">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  return (section.match(/<tr>/g) ?? []).length - 1;
}

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(buildSampleReport({ withRisk: true }));

  test('references nothing outside the page: the chart library is inlined', () => {
    assert.doesNotMatch(html, /(src|href)\s*=\s*["']?\s*(https?:)?\/\//i, 'no src/href to http(s) or protocol-relative URLs');
    assert.doesNotMatch(html, /<script[^>]+src|<link|@import|url\(/i, 'no fetched scripts, stylesheets or CSS');
    assert.ok(html.includes(`<script>${LIBRARY_STUB}</script>`), 'the library is inline');
    assert.doesNotMatch(html, /<svg/, 'no hand-drawn SVG charts remain');
  });

  test('gives each chart a container and its data as JSON', () => {
    for (const id of ['chart-equity', 'chart-contribution']) assert.match(html, new RegExp(`<div class="chart[^"]*" id="${id}">`), `a container for ${id}`);
    const json = /<script type="application\/json" id="report-chart-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    const data = JSON.parse(json) as { equity: { time: number[] }; stateMarkers: Array<{ text: string }> };
    assert.equal(data.equity.time.length, 240, 'every equity point of a short run');
    assert.deepEqual(data.stateMarkers.map((marker) => marker.text), ['REDUCING', 'ACTIVE'], 'a marker per trading-state change');
  });

  test('escapes a sleeve name that contains markup everywhere it appears', () => {
    const report = buildSampleReport({
      sleeves: [...DEFAULT_SAMPLE_SLEEVES, { name: HOSTILE_NAME, symbol: 'SOLUSDT', strategy: 'breakout', startPrice: 98 }],
      withRisk: true,
    });
    report.meta.name = `${HOSTILE_NAME} & "quotes"`;
    const page = renderHtmlReport(report);
    assert.ok(!page.includes(HOSTILE_NAME), 'the raw tag never reaches the page, the chart data included');
    assert.equal((page.match(/<script/gi) ?? []).length, 3, 'only the page’s own three scripts');
    assert.ok(page.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the name is still shown, escaped');
  });

  test('labels synthetic data as SYNTHETIC, and real data not', () => {
    assert.match(html, /SYNTHETIC DATA/);
    const real = renderHtmlReport(buildSampleReport({ synthetic: false }));
    assert.doesNotMatch(real, /SYNTHETIC/, 'market data carries no synthetic warning');
  });

  test('shows header facts: name, period, config hash and sources', () => {
    const report = buildSampleReport();
    assert.ok(html.includes(report.meta.name));
    assert.ok(html.includes(report.meta.configHash));
    assert.ok(html.includes('2024-01-01 00:00'), 'the period start');
    assert.ok(html.includes(report.meta.dataSources[0].source));
  });

  test('renders NaN and infinite metrics as a dash', () => {
    const report = buildSampleReport();
    report.metrics.sharpe = NaN;
    report.metrics.profitFactor = Infinity;
    report.metrics.cagrPct = -Infinity;
    const page = renderHtmlReport(report);
    assert.match(page, /<td>Sharpe<\/td><td class="num">—<\/td>/);
    assert.match(page, /<td>Profit factor<\/td><td class="num">—<\/td>/);
    assert.match(page, /<td>CAGR<\/td><td class="num">—<\/td>/);
    assert.doesNotMatch(page, /NaN|Infinity/, 'no raw NaN or Infinity anywhere, chart data included');
  });

  test('lists at most 500 trades and says when it cut the list', () => {
    const page = renderHtmlReport(buildSampleReport({ trades: 620 }));
    assert.equal(tradeRowCount(page), MAX_TRADE_ROWS);
    assert.match(page, /first 500 of 620 trades/);
    const few = renderHtmlReport(buildSampleReport({ trades: 12 }));
    assert.equal(tradeRowCount(few), 12);
    assert.doesNotMatch(few, /Showing the first/);
  });

  test('handles a run without trades', () => {
    const page = renderHtmlReport(buildSampleReport({ trades: 0 }));
    assert.match(page, /No trades were made/);
  });

  test('handles a one-bar run', () => {
    const page = renderHtmlReport(buildSampleReport({ bars: 1, trades: 0 }));
    assert.match(page, /id="chart-equity"/);
    assert.doesNotMatch(page, /NaN|Infinity/);
  });

  test('states the run’s real totals when the lists are cut: 2,809 denials, not the 1,000 listed', () => {
    const report = buildSampleReport({ withRisk: true });
    const risk = report.risk!;
    const first = risk.denials[0];
    risk.denials = Array.from({ length: 1_000 }, () => ({ ...first }));
    risk.denialCount = 2_809;
    risk.denialsByCode = { NOTIONAL_EXCEEDS_MAX_PER_ORDER: 2_809 };
    const page = markup(renderHtmlReport(report));
    assert.match(page, /<strong>2,809<\/strong> orders denied/);
    assert.match(page, /Showing the first 500 of 2,809 denials; the JSON report lists the first 1,000/);
    assert.doesNotMatch(page, /of 1,000 denials/, 'never the length of the capped list as the total');
  });

  test('lists the orders the risk-per-trade limit cut down, with their count', () => {
    const report = buildSampleReport({ withRisk: true });
    report.risk!.resized = {
      count: 3,
      byReason: { RISK_PER_TRADE: 3 },
      orders: [1, 2, 3].map((n) => ({ time: report.equity[n].time, sleeve: 'btc-trend', reason: 'RISK_PER_TRADE', originalQuantity: 53, quantity: 2 })),
    };
    const page = markup(renderHtmlReport(report));
    assert.match(page, /<strong>3<\/strong> orders resized/);
    assert.match(page, /3 approved orders were cut down before they were sent: RISK_PER_TRADE 3/);
    const rows = /<div class="table-scroll" id="resized-orders">([\s\S]*?)<\/div>/.exec(page)?.[1] ?? '';
    assert.equal((rows.match(/<tr>/g) ?? []).length - 1, 3, 'each resized order is listed');
    assert.match(rows, /<td class="num">53<\/td><td class="num">2<\/td><td class="num">96%<\/td>/, 'asked, sent and the cut');
  });

  test('states funding and fees in words: paid or received', () => {
    const report = buildSampleReport();
    report.metrics.fundingPaid = -11.97;
    report.metrics.feesPaid = 63.93;
    const page = markup(renderHtmlReport(report));
    assert.match(page, /<td>Funding<\/td><td class="num">received 11.97 USDT<\/td>/, 'a negative payment reads as received');
    assert.match(page, /<td>Fees<\/td><td class="num">paid 63.93 USDT<\/td>/);
    assert.doesNotMatch(page, /Funding paid/);
  });

  test('lists every data source: candles, funding rates and mark prices', () => {
    const report = buildSampleReport({ synthetic: false });
    report.meta.dataSources[0].funding = '/data/BTCUSDT-funding.csv';
    report.meta.dataSources[0].mark = '/data/BTCUSDT-1h-mark.csv';
    const page = markup(renderHtmlReport(report));
    for (const text of ['Funding rates', 'Mark prices', '/data/BTCUSDT-funding.csv', '/data/BTCUSDT-1h-mark.csv']) assert.ok(page.includes(text), text);
  });

  test('marks a HALT on the equity chart and explains the flat stretch after it', () => {
    const report = buildSampleReport({ withRisk: true });
    report.risk!.stateChanges.push({ time: report.equity[100].time, account: 'default', from: 'ACTIVE', to: 'HALTED', trigger: 'DAILY_DRAWDOWN' });
    const page = renderHtmlReport(report);
    const data = JSON.parse(/id="report-chart-data">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '{}') as { stateMarkers: Array<{ text: string; time: number }> };
    const halted = data.stateMarkers.find((marker) => marker.text.endsWith('HALTED'));
    assert.equal(halted?.time, Date.parse(report.equity[100].time) / 1000, 'the HALTED marker sits at the halt');
    assert.match(markup(page), /was HALTED \(DAILY_DRAWDOWN\) from 2024-01-05 04:00 UTC to the end of the data/);
  });

  test('shows the risk section only when the report has one', () => {
    assert.match(html, /<section id="risk">/);
    assert.ok(html.includes('NOTIONAL_EXCEEDS_MAX_PER_ORDER') && html.includes('REDUCING'), 'denial codes and state changes are listed');
    const withoutRisk = renderHtmlReport(buildSampleReport());
    assert.doesNotMatch(withoutRisk, /<section id="risk">/);
  });
});
