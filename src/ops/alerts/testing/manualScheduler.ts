/** Timers stepped by hand: tasks run when the test moves the clock past their time, in time order. */
export class ManualScheduler {
  nowMs = 0;
  private tasks: Array<{ atMs: number; task: () => void }> = [];

  readonly schedule = (task: () => void, delayMs: number): void => {
    this.tasks.push({ atMs: this.nowMs + delayMs, task });
  };

  /** Delays of the tasks waiting, from now. */
  pendingDelaysMs(): number[] {
    return this.tasks.map((entry) => entry.atMs - this.nowMs);
  }

  /** Moves the clock by `ms`, running each due task and letting its promises settle before the next. */
  async advance(ms: number): Promise<void> {
    const until = this.nowMs + ms;
    for (;;) {
      await flush();
      const due = this.tasks.filter((entry) => entry.atMs <= until).sort((a, b) => a.atMs - b.atMs)[0];
      if (due === undefined) break;
      this.tasks = this.tasks.filter((entry) => entry !== due);
      this.nowMs = Math.max(this.nowMs, due.atMs);
      due.task();
    }
    this.nowMs = until;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let turn = 0; turn < 10; turn++) await new Promise<void>((done) => setImmediate(done));
}
