/** A field value a log line may carry: plain data only. */
export type LogValue = string | number | boolean | null | undefined;

/** Structured logging: one JSON line per event. Only allow-listed field names reach the output. */
export interface Logger {
  info(event: string, fields?: Readonly<Record<string, LogValue>>): void;
  warn(event: string, fields?: Readonly<Record<string, LogValue>>): void;
  error(event: string, fields?: Readonly<Record<string, LogValue>>): void;
}
