/** What one folder of src/ may import, as the dependency table of docs/ARCHITECTURE.md says. */
export interface FolderRule {
  /** Folders it may import anything from (its own folder always, without being listed). */
  readonly mayImport: readonly string[];
  /** Further folders it may import types from (`import type`), and nothing else. */
  readonly typesFrom: readonly string[];
}

/** Folder name (`domain`, `engine`, …) → its rule, in table order. */
export type DependencyTable = ReadonlyMap<string, FolderRule>;

const HEADING = '## Dependency table';
const NOTHING = new Set(['—', '-', '', 'nothing']);
// Folder names end up in the rules' path patterns: plain names only.
const FOLDER_NAME = /^[a-z][a-zA-Z0-9-]*$/;

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((cell) => cell.trim());
}

function folderNames(cell: string): string[] {
  const text = cell.replace(/`/g, '').trim();
  if (NOTHING.has(text)) return [];
  return text.split(',').map((name) => {
    const folder = name.trim().replace(/^src\//, '').replace(/\/$/, '');
    if (!FOLDER_NAME.test(folder)) throw new Error(`"${name.trim()}" is not a folder name`);
    return folder;
  });
}

/**
 * Reads the first markdown table under the `## Dependency table` heading: columns folder, may import,
 * may also import types from. Refuses a table it cannot read whole rather than guessing: a rule lost to
 * a typo would be a fence with a hole in it.
 */
export function parseDependencyTable(markdown: string, source = 'docs/ARCHITECTURE.md'): DependencyTable {
  const lines = markdown.split('\n');
  const headingAt = lines.findIndex((line) => line.trim() === HEADING);
  if (headingAt < 0) throw new Error(`${source} has no "${HEADING}" heading`);
  let at = headingAt + 1;
  while (at < lines.length && !lines[at].trim().startsWith('|')) {
    if (lines[at].startsWith('## ')) break;
    at++;
  }
  const rows: string[] = [];
  while (at < lines.length && lines[at].trim().startsWith('|')) rows.push(lines[at++]);
  if (rows.length < 3) throw new Error(`${source}: no table with a header, a rule line and rows under "${HEADING}"`);
  const header = cells(rows[0]).map((cell) => cell.toLowerCase());
  if (header.length !== 3 || header[0] !== 'folder' || header[1] !== 'may import' || header[2] !== 'may also import types from') {
    throw new Error(`${source}: the dependency table's columns must be "folder | may import | may also import types from", were "${cells(rows[0]).join(' | ')}"`);
  }
  const table = new Map<string, FolderRule>();
  for (const row of rows.slice(2)) {
    const [folderCell, mayImportCell, typesFromCell, ...extra] = cells(row);
    let rule: { folder: string[]; mayImport: string[]; typesFrom: string[] };
    try {
      rule = { folder: folderNames(folderCell), mayImport: folderNames(mayImportCell), typesFrom: folderNames(typesFromCell ?? '') };
    } catch (error) {
      throw new Error(`${source}: cannot read the dependency table row "${row.trim()}": ${(error as Error).message}`);
    }
    if (rule.folder.length !== 1 || extra.length > 0 || typesFromCell === undefined) throw new Error(`${source}: cannot read the dependency table row "${row.trim()}"`);
    const [folder] = rule.folder;
    if (table.has(folder)) throw new Error(`${source}: folder ${folder} has two rows in the dependency table`);
    table.set(folder, { mayImport: rule.mayImport, typesFrom: rule.typesFrom });
  }
  for (const [folder, rule] of table) {
    for (const target of [...rule.mayImport, ...rule.typesFrom]) {
      if (!table.has(target)) throw new Error(`${source}: ${folder} may import "${target}", which has no row in the dependency table`);
    }
  }
  return table;
}
