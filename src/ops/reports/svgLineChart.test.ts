import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateTextWidthPx } from './chartStyle.ts';
import { svgLineChart } from './svgLineChart.ts';

const HOUR_MS = 3_600_000;
const START_MS = Date.UTC(2024, 0, 1);

function hourly(values: number[]): { xs: number[]; ys: number[] } {
  return { xs: values.map((_, index) => START_MS + index * HOUR_MS), ys: values };
}

function tickTexts(svg: string): Array<{ x: number; anchor: string; text: string }> {
  return [...svg.matchAll(/<text class="tick" x="([\d.]+)"[^>]*text-anchor="(\w+)"[^>]*>([^<]*)<\/text>/g)].map((match) => ({
    x: Number(match[1]),
    anchor: match[2],
    text: match[3],
  }));
}

function pathPointCount(svg: string): number {
  const d = /<path class="line" d="([^"]+)"/.exec(svg)?.[1] ?? '';
  return (d.match(/[ML]/g) ?? []).length;
}

describe('svgLineChart', () => {
  test('leaves room for 5-digit equity labels on the y axis', () => {
    const svg = svgLineChart({ id: 'eq', title: 'Equity', series: [{ label: 'Equity', ...hourly([41_250.5, 44_980, 43_100, 45_910]) }] });
    const yLabels = tickTexts(svg).filter((tick) => tick.anchor === 'end');
    assert.ok(yLabels.some((tick) => tick.text === '45,000'), `a full 5-digit label is drawn: ${yLabels.map((t) => t.text).join(' ')}`);
    for (const tick of yLabels) {
      assert.ok(tick.x - estimateTextWidthPx(tick.text) >= 0, `label ${tick.text} ending at x=${tick.x} starts inside the drawing`);
    }
  });

  test('labels the time axis with dates', () => {
    const svg = svgLineChart({ id: 'eq', title: 'Equity', series: [{ label: 'Equity', ...hourly(Array.from({ length: 24 * 30 }, (_, i) => 100 + i)) }] });
    const xLabels = tickTexts(svg).filter((tick) => tick.anchor === 'middle');
    assert.ok(xLabels.length >= 3, `${xLabels.length} date labels`);
    for (const tick of xLabels) assert.match(tick.text, /^2024-01-\d{2}/);
  });

  test('draws a legend only when there is more than one series', () => {
    const one = svgLineChart({ id: 'a', title: 'A', series: [{ label: 'only', ...hourly([1, 2]) }] });
    assert.ok(!one.includes('class="legend"'), 'a single series needs no legend');
    const two = svgLineChart({ id: 'b', title: 'B', series: [{ label: 'first', ...hourly([1, 2]) }, { label: 'second', ...hourly([2, 1]) }] });
    assert.ok(two.includes('class="legend"') && two.includes('>first<') && two.includes('>second<'), 'both series are named in the legend');
  });

  test('escapes series labels and titles', () => {
    const svg = svgLineChart({ id: 'x', title: 'A & B', series: [{ label: '<script>alert(1)</script>', ...hourly([1, 2]) }, { label: 'b', ...hourly([1, 3]) }] });
    assert.ok(!svg.includes('<script>'), 'no raw script tag');
    assert.ok(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the label is shown escaped');
    assert.ok(svg.includes('A &amp; B'));
  });

  test('downsamples long series to the point budget', () => {
    const values = Array.from({ length: 50_000 }, (_, index) => Math.sin(index / 100));
    const svg = svgLineChart({ id: 'long', title: 'Long', series: [{ label: 's', ...hourly(values) }], maxPointsPerSeries: 1000 });
    const points = pathPointCount(svg);
    assert.ok(points > 100 && points <= 1000, `${points} points drawn`);
  });

  test('marks a one-bar series with a dot and still draws axes', () => {
    const svg = svgLineChart({ id: 'one', title: 'One', series: [{ label: 's', ...hourly([10_000]) }] });
    assert.ok(svg.includes('<circle'), 'a single point is drawn as a dot');
    assert.ok(!svg.includes('NaN'), 'no NaN coordinates');
    assert.ok(tickTexts(svg).length >= 4, 'both axes have labels');
  });

  test('shows "No data" for an empty series without NaN coordinates', () => {
    const svg = svgLineChart({ id: 'empty', title: 'Empty', series: [{ label: 's', xs: [], ys: [] }] });
    assert.ok(svg.includes('No data'));
    assert.ok(!svg.includes('NaN') && !svg.includes('Infinity'), 'no invalid coordinates');
  });

  test('spans negative values, with zero on the axis', () => {
    const svg = svgLineChart({ id: 'neg', title: 'Neg', series: [{ label: 's', ...hourly([10_000, 4_000, -3_500]) }] });
    const labels = tickTexts(svg).filter((tick) => tick.anchor === 'end').map((tick) => tick.text);
    assert.ok(labels.includes('0'), `zero labelled: ${labels.join(' ')}`);
    assert.ok(labels.some((label) => label.startsWith('-')), 'a negative tick is labelled');
  });
});
