/** One optional filter: skipped when `value` is undefined. */
export type Condition = readonly [column: string, operator: '=' | '>=' | '<=', value: string | number | undefined];

/**
 * `WHERE a = ? AND b >= ?` (or with `$1, $2…`) for the conditions whose value is given, plus the
 * parameters in order. Column names come from this codebase, never from callers.
 */
export function whereClause(
  conditions: readonly Condition[],
  placeholder: (index: number) => string,
  firstIndex = 1,
): { sql: string; params: Array<string | number> } {
  const parts: string[] = [];
  const params: Array<string | number> = [];
  for (const [column, operator, value] of conditions) {
    if (value === undefined) continue;
    params.push(value);
    parts.push(`${column} ${operator} ${placeholder(firstIndex + params.length - 1)}`);
  }
  return { sql: parts.length === 0 ? '' : `WHERE ${parts.join(' AND ')}`, params };
}
