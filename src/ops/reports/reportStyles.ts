/** Inline CSS of the HTML report: system fonts only, so the page works offline and from file://. */
export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --band: #f6f8fa; --pos: #1a7f37; --neg: #c62828; --warn-bg: #fff4d6; --warn-line: #d4a72c; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 1400px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; word-break: break-word; }
h2 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
.subtitle { color: var(--muted); margin: 0 0 16px; }
.banner { background: var(--warn-bg); border: 1px solid var(--warn-line); border-radius: 6px; padding: 10px 14px; margin: 12px 0 16px; font-weight: 600; }
.badge { display: inline-block; font-size: 11px; font-weight: 700; letter-spacing: .04em; padding: 1px 6px; border-radius: 4px; background: var(--warn-line); color: #fff; }
.badge.real { background: var(--pos); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 12px; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; word-break: break-all; }
.two-col { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; align-items: start; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.data { font-size: 13px; }
th, td { padding: 4px 7px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { background: var(--band); font-weight: 600; position: sticky; top: 0; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
td.num, th.num { text-align: right; }
table.kv td:first-child { color: var(--muted); }
table.kv td:last-child { text-align: right; font-weight: 600; }
.pos { color: var(--pos); }
.neg { color: var(--neg); }
.note { color: var(--muted); font-size: 13px; margin: 6px 0; }
.table-scroll { overflow-x: auto; max-height: 640px; overflow-y: auto; border: 1px solid var(--line); border-radius: 6px; }
.table-scroll table th, .table-scroll table td { border-bottom: 1px solid #eaeef2; }
figure { margin: 12px 0 20px; }
figcaption { font-weight: 600; margin: 0 0 6px; }
.chart { position: relative; width: 100%; height: 340px; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.chart.equity-chart { height: 480px; }
.chart.price-chart { height: 420px; }
.halted { color: var(--neg); font-weight: 600; }
.totals { margin: 6px 0 12px; }
@media (max-width: 800px) { .two-col { grid-template-columns: 1fr; } }
`;
