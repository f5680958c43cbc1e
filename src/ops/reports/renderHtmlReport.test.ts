import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_TRADE_ROWS, renderHtmlReport } from './renderHtmlReport.ts';
import { DEFAULT_SAMPLE_SLEEVES, buildSampleReport } from './testing/sampleReport.ts';

const HOSTILE_NAME = '<script>alert(1)</script>';

function tradeRowCount(html: string): number {
  const section = /<section id="trades">([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
  return (section.match(/<tr>/g) ?? []).length - 1;
}

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(buildSampleReport({ withRisk: true }));

  test('references nothing outside the page', () => {
    assert.doesNotMatch(html, /(src|href)\s*=\s*["']?\s*(https?:)?\/\//i, 'no src/href to http(s) or protocol-relative URLs');
    assert.doesNotMatch(html, /<script|<link|@import|url\(/i, 'no scripts, stylesheets or CSS fetches');
  });

  test('draws equity, drawdown and contribution charts as inline SVG', () => {
    for (const id of ['chart-equity', 'chart-drawdown', 'chart-contribution', 'chart-contribution-final']) {
      assert.match(html, new RegExp(`<svg[^>]*id="${id}"`), `an <svg> for ${id}`);
    }
  });

  test('escapes a sleeve name that contains markup everywhere it appears', () => {
    const report = buildSampleReport({
      sleeves: [...DEFAULT_SAMPLE_SLEEVES, { name: HOSTILE_NAME, symbol: 'SOLUSDT', strategy: 'breakout', startPrice: 98 }],
      withRisk: true,
    });
    report.meta.name = `${HOSTILE_NAME} & "quotes"`;
    const page = renderHtmlReport(report);
    assert.ok(!page.includes(HOSTILE_NAME), 'the raw tag never reaches the page');
    assert.doesNotMatch(page, /<script/i);
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
    assert.doesNotMatch(page, /NaN|Infinity/, 'no raw NaN or Infinity anywhere, charts included');
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
    assert.match(page, /<svg[^>]*id="chart-equity"/);
    assert.doesNotMatch(page, /NaN|Infinity/);
  });

  test('handles equity that goes negative', () => {
    const report = buildSampleReport({ bars: 50 });
    report.equity.forEach((point, index) => {
      point.equity = 10_000 - index * 300;
    });
    const page = renderHtmlReport(report);
    const equityChart = /<svg[^>]*id="chart-equity"[\s\S]*?<\/svg>/.exec(page)?.[0] ?? '';
    assert.match(equityChart, />-[\d,]+<\/text>/, 'a negative equity tick is labelled');
    assert.doesNotMatch(page, /NaN/);
  });

  test('shows the risk section only when the report has one', () => {
    assert.match(html, /<section id="risk">/);
    assert.ok(html.includes('NOTIONAL_EXCEEDS_MAX_PER_ORDER') && html.includes('REDUCING'), 'denial codes and state changes are listed');
    const withoutRisk = renderHtmlReport(buildSampleReport());
    assert.doesNotMatch(withoutRisk, /<section id="risk">/);
  });
});
