/** Distinct, colour-blind-friendlier series colours (Okabe–Ito order, black dropped). */
export const SERIES_COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#7F7F7F'];

export const POSITIVE_COLOR = '#1a7f37';
export const NEGATIVE_COLOR = '#c62828';

/** Chart text size in px; `estimateTextWidthPx` assumes it. */
export const CHART_FONT_PX = 12;

/**
 * Upper estimate of rendered text width at CHART_FONT_PX in a sans-serif face. SVG has no layout
 * engine, so margins are sized from this: overestimating wastes a few pixels, underestimating cuts
 * the leading digits off 5-digit prices.
 */
export function estimateTextWidthPx(text: string): number {
  let widthPx = 0;
  for (const character of text) widthPx += /[0-9]/.test(character) ? 7.2 : /[.,:' ]/.test(character) ? 4 : /[A-Z%—]/.test(character) ? 9.5 : 7.5;
  return widthPx;
}

/** Coordinates rounded to 0.1 px: finer detail is invisible and bloats the page. */
export function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}
