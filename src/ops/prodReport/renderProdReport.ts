import { escapeHtml } from '../reports/escapeHtml.ts';
import { REPORT_CSS } from '../reports/reportStyles.ts';
import type { ProdReport } from './prodReport.ts';
import { reportSections, time } from './reportSections.ts';

function title(report: ProdReport): string {
  return `Rampart ${report.period} report ${report.label}: ${report.configName}`;
}

function header(report: ProdReport): string[] {
  return [`Period: ${time(report.fromMs)} → ${time(report.toMs)} UTC`, `Generated: ${time(report.generatedAtMs)} UTC`, `Accounts: ${report.accounts.map((account) => account.account).join(', ') || 'none'}`];
}

/** Markdown that reads as plain text: pipe tables, one section per heading. */
export function renderProdReportMarkdown(report: ProdReport): string {
  const lines = [`# ${title(report)}`, '', ...header(report).map((line) => `- ${line}`), ''];
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  for (const section of reportSections(report)) {
    lines.push(`## ${section.title}`, '');
    if (section.rows.length > 0) {
      lines.push(`| ${section.headers.map(cell).join(' | ')} |`, `|${section.headers.map(() => '---').join('|')}|`);
      for (const row of section.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
      lines.push('');
    }
    for (const note of section.notes) lines.push(`_${note}_`, '');
  }
  if (report.notes.length > 0) {
    lines.push('## Not in this report', '');
    for (const note of report.notes) lines.push(`- ${note}`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** A self-contained HTML page (inline CSS, no script, nothing fetched). */
export function renderProdReportHtml(report: ProdReport): string {
  const body: string[] = [`<h1>${escapeHtml(title(report))}</h1>`, '<ul class="subtitle">', ...header(report).map((line) => `<li>${escapeHtml(line)}</li>`), '</ul>'];
  for (const section of reportSections(report)) {
    body.push(`<h2>${escapeHtml(section.title)}</h2>`);
    if (section.rows.length > 0) {
      const head = section.headers.map((text) => `<th>${escapeHtml(text)}</th>`).join('');
      const rows = section.rows.map((row, index) => `<tr${section.flags?.[index] === 'neg' ? ' class="neg"' : ''}>${row.map((text) => `<td>${escapeHtml(text)}</td>`).join('')}</tr>`);
      body.push('<div class="table-scroll">', `<table class="data"><thead><tr>${head}</tr></thead><tbody>`, ...rows, '</tbody></table>', '</div>');
    }
    for (const note of section.notes) body.push(`<p class="note">${escapeHtml(note)}</p>`);
  }
  if (report.notes.length > 0) body.push('<h2>Not in this report</h2>', '<ul>', ...report.notes.map((note) => `<li>${escapeHtml(note)}</li>`), '</ul>');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title(report))}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The report as JSON: every figure a number, or null where it is not measured (NaN) or unbounded. */
export function renderProdReportJson(report: ProdReport): string {
  return `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}
