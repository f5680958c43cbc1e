export interface TextColumn {
  header: string;
  align?: 'left' | 'right';
}

// Matches ANSI SGR sequences, which take no room on screen.
const ANSI_PATTERN = /\u001b\[[0-9;]*m/g;

/** Width of `text` on a terminal: ANSI colour codes excluded, one column per code point. */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI_PATTERN, '')].length;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * Rows as aligned plain-text lines: a header, a dashed rule, then the rows, columns separated by
 * two spaces. Widths ignore ANSI codes so coloured cells stay aligned. Trailing spaces are trimmed.
 */
export function textTable(columns: TextColumn[], rows: string[][]): string[] {
  const widths = columns.map((column, index) => Math.max(visibleWidth(column.header), ...rows.map((row) => visibleWidth(row[index] ?? ''))));
  const line = (cells: string[]): string =>
    columns
      .map((column, index) => pad(cells[index] ?? '', widths[index], column.align ?? 'left'))
      .join('  ')
      .trimEnd();
  return [line(columns.map((column) => column.header)), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)];
}
