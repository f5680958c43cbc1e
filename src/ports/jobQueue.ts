/** How one job of a queue ended: its result, or the reason it failed on its last attempt. */
export type JobOutcome<Result> = { readonly ok: true; readonly result: Result } | { readonly ok: false; readonly reason: string };

/**
 * A distributed job queue seen from the submitter: jobs go out by id (publishing an id again does not
 * run it twice), and each one's outcome comes back, whichever machine ran it.
 */
export interface JobQueue<Data, Result> {
  submit(jobs: ReadonlyArray<{ readonly id: string; readonly data: Data }>, onFinished: (id: string, outcome: JobOutcome<Result>) => void): Promise<void>;
  /** Jobs that failed every attempt, kept for a person to look at. */
  deadLetters(): Promise<Array<{ id: string; reason: string }>>;
  close(): Promise<void>;
}

/** A worker taking a queue's jobs on this machine until closed. */
export interface JobWorker {
  /** Resolves once the queue's server answers; refuses (OperationFailedError) when it does not in time. */
  ready(): Promise<void>;
  close(): Promise<void>;
}
