import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NEGATIVE_COLOR, POSITIVE_COLOR } from './chartStyle.ts';
import { svgBarChart } from './svgBarChart.ts';

describe('svgBarChart', () => {
  const format = (value: number): string => `${value.toFixed(1)}%`;

  test('draws gains and losses on either side of zero in their colours', () => {
    const svg = svgBarChart({ id: 'c', title: 'Contribution', bars: [{ label: 'up', value: 12 }, { label: 'down', value: -4 }], formatValue: format });
    const rects = [...svg.matchAll(/<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"[^>]*fill="([^"]+)"/g)];
    assert.equal(rects.length, 2);
    const [gain, loss] = rects;
    assert.equal(gain[3], POSITIVE_COLOR);
    assert.equal(loss[3], NEGATIVE_COLOR);
    assert.ok(Number(loss[1]) + Number(loss[2]) <= Number(gain[1]) + 0.2, 'the loss bar ends where the gain bar starts: at zero');
    assert.ok(Number(gain[2]) > 2 * Number(loss[2]), 'bar length follows the value (12 vs 4)');
    assert.ok(svg.includes('12.0%') && svg.includes('-4.0%'), 'values are labelled');
  });

  test('labels a non-finite value with a dash and draws no bar for it', () => {
    const svg = svgBarChart({ id: 'c', title: 'C', bars: [{ label: 'broken', value: NaN }], formatValue: format });
    assert.ok(!svg.includes('<rect'));
    assert.ok(svg.includes('>—<'));
    assert.ok(!svg.includes('NaN'));
  });

  test('shortens very long names but keeps the full name as a tooltip', () => {
    const name = 'a-very-long-sleeve-name-from-user-config-that-goes-on';
    const svg = svgBarChart({ id: 'c', title: 'C', bars: [{ label: name, value: 1 }], formatValue: format });
    assert.ok(svg.includes(`<title>${name}</title>`));
    assert.ok(svg.includes('…'), 'the drawn label is shortened');
  });
});
