/** One numbered schema change; versions are applied in increasing order, each in its own transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
