/** One non-empty line of a delimited text file, split into trimmed cells (surrounding quotes removed). */
export interface CsvLine {
  /** 1-based line number in the file, for error messages. */
  readonly lineNumber: number;
  readonly cells: string[];
}

/** Splits delimited text (`,`, `;` or tab, whichever the first line uses most) into lines of cells. */
export function splitCsv(text: string): CsvLine[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rawLines = body.split(/\r?\n/);
  const first = rawLines.find((line) => line.trim() !== '') ?? '';
  const delimiter = [',', ';', '\t'].reduce((best, candidate) => (count(first, candidate) > count(first, best) ? candidate : best), ',');
  const lines: CsvLine[] = [];
  for (let i = 0; i < rawLines.length; i++) {
    const line = rawLines[i];
    if (line.trim() === '') continue;
    lines.push({ lineNumber: i + 1, cells: line.split(delimiter).map(unquote) });
  }
  return lines;
}

function count(text: string, char: string): number {
  let total = 0;
  for (const c of text) if (c === char) total++;
  return total;
}

function unquote(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
}
