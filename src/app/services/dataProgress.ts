/** Progress of a long data job (download pages, series checked), shown by the interface that runs it. */
export interface ProgressReporter {
  start(total: number, label: string): void;
  update(value: number): void;
  stop(): void;
}

/** Reports nothing: for tests and callers without a terminal to draw on. */
export const silentProgress: ProgressReporter = {
  start() {},
  update() {},
  stop() {},
};
