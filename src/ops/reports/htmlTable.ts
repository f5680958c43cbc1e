import { escapeHtml } from './escapeHtml.ts';

export interface HtmlColumn<Row> {
  header: string;
  /** Plain text for the cell; escaped here. */
  cell: (row: Row, index: number) => string;
  numeric?: boolean;
  /** Extra CSS class per cell, such as 'pos'/'neg' for coloured PnL. */
  cellClass?: (row: Row) => string | undefined;
}

/** A `<table>` from rows and column definitions; every cell is escaped, numeric columns right-aligned. */
export function htmlTable<Row>(rows: readonly Row[], columns: Array<HtmlColumn<Row>>, tableClass = 'data'): string {
  const head = columns.map((column) => `<th${column.numeric === true ? ' class="num"' : ''}>${escapeHtml(column.header)}</th>`).join('');
  const body = rows
    .map((row, index) => {
      const cells = columns.map((column) => {
        const classes = [column.numeric === true ? 'num' : undefined, column.cellClass?.(row)].filter((name) => name !== undefined && name !== '');
        const classAttribute = classes.length > 0 ? ` class="${escapeHtml(classes.join(' '))}"` : '';
        return `<td${classAttribute}>${escapeHtml(column.cell(row, index))}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table class="${escapeHtml(tableClass)}"><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** 'pos' for gains, 'neg' for losses, nothing for zero or non-finite values. */
export function signClass(value: number): string | undefined {
  if (!Number.isFinite(value) || value === 0) return undefined;
  return value > 0 ? 'pos' : 'neg';
}
