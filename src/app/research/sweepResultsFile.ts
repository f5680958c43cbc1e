import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../../domain/errors/inputError.ts';
import type { SweepRunResult, SweepRunSummary } from '../../ops/research/sweepRunResult.ts';
import { BEST_CURVES, BestRuns } from '../../ops/research/bestRuns.ts';
import { ARROW_STREAM_END, NotAnArrowStream, decodeArrowStreamFile, encodeArrowStreamRows, encodeArrowStreamStart, type ArrowRow, type DecodedArrowStream } from '../../adapters/data/arrowStream.ts';
import { SWEEP_RESULT_COLUMNS, sweepResultOfRow, sweepResultRow } from './sweepResultColumns.ts';

/** The results file's extension: an Arrow IPC stream (`.arrows`, the format's registered extension). */
export const SWEEP_RESULTS_EXTENSION = '.arrows';
const KIND = 'rampart-sweep-results';

/** Refuses a results path the sweep no longer writes (JSON lines until the Arrow stream replaced them). */
export function assertSweepResultsPath(path: string): void {
  if (path.toLowerCase().endsWith('.jsonl')) {
    throw new InputError(`${path}: sweep results are an Arrow IPC stream now, not JSON lines; name a ${SWEEP_RESULTS_EXTENSION} file (e.g. reports/<name>-sweep${SWEEP_RESULTS_EXTENSION})`, {
      file: path,
      keyPath: '--results',
      value: path,
    });
  }
}

function notResults(path: string, why: string, cause?: unknown): InputError {
  return new InputError(`${path}: not a sweep results file (${why}); name another --results file`, { file: path, keyPath: '--results' }, { cause });
}

/**
 * Decodes a results file, read a piece at a time (a million runs make ~1.9 GB, near the 2 GiB one read
 * can take); undefined when it holds nothing yet (empty, or its first write was cut off).
 */
function decodeResults(path: string): { configSha256: string; decoded: DecodedArrowStream } | undefined {
  // Bytes that are not a stream are found opening it, or later as the rows are read: refused the same way.
  const refused = (error: unknown): unknown => (error instanceof NotAnArrowStream ? notResults(path, `not an Arrow IPC stream: ${error.message}`, error) : error);
  let decoded: DecodedArrowStream | undefined;
  try {
    decoded = decodeArrowStreamFile(path);
  } catch (error) {
    throw refused(error);
  }
  if (!decoded) return undefined;
  if (decoded.metadata.get('kind') !== KIND) throw notResults(path, `an Arrow stream without the schema metadata kind=${KIND}`);
  const expected = SWEEP_RESULT_COLUMNS.map((column) => `${column.name}:${column.kind}`).join(',');
  const found = decoded.columns.map((column) => `${column.name}:${column.kind ?? 'other'}`).join(',');
  if (found !== expected) throw notResults(path, `its columns are not this version's: ${decoded.columns.map((column) => column.name).join(', ')}`);
  const rows = decoded.rows;
  const checked: Iterable<ArrowRow> = {
    *[Symbol.iterator]() {
      try {
        yield* rows;
      } catch (error) {
        throw refused(error);
      }
    },
  };
  return { configSha256: decoded.metadata.get('configSha256') ?? '', decoded: { ...decoded, rows: checked } };
}

/**
 * Every run in a sweep's results file, in the order they finished, with the hash of the config they
 * ran. Reads without changing the file: a last record batch cut off by a kill is left out. The file is
 * an ordinary Arrow IPC stream too: `pyarrow.ipc.open_stream(path).read_all()`, `polars.read_ipc_stream(path)`.
 */
export function readSweepResults(path: string): { configSha256: string; runs: SweepRunResult[] } {
  const read = decodeResults(path);
  if (!read) throw notResults(path, 'it holds no schema yet');
  return { configSha256: read.configSha256, runs: Array.from(read.decoded.rows, sweepResultOfRow) };
}

/**
 * Finished runs wait at most this long, or until this many wait, before their record batch is written.
 * One batch per run cost the main thread about half a millisecond each (a sixth of a core at 300 runs/s,
 * taken from the worker threads on a 2-core machine); a kill now redoes at most the last 100 ms of runs.
 */
const FLUSH_AFTER_MS = 100;
const FLUSH_ROWS = 64;

/**
 * A sweep's results as an Arrow IPC stream: a schema whose metadata names the kind and the config's
 * hash, then record batches of finished runs, each written with one writeSync within FLUSH_AFTER_MS of
 * its first run finishing, and the end-of-stream marker on close. A run is identified by its params
 * hash, so a sweep killed at any moment resumes by skipping the hashes already here.
 */
export class SweepResultsFile {
  private readonly fd: number;
  private readonly metadata: Record<string, string>;
  /** Where the next write goes: the file's length. */
  private position: number;
  /** Every finished run without its curve (the file keeps the curves), by params hash. */
  readonly finished = new Map<string, SweepRunSummary>();
  /** The best finished runs of this sweep (`inSweep`) with their curves, for the sweep's page. */
  readonly best = new BestRuns(BEST_CURVES);
  /** Finished runs not yet written. */
  private waiting: Array<ReturnType<typeof sweepResultRow>> = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * `inSweep`: whether a run belongs to this invocation's sweep. A results file may hold runs of an
   * earlier grid of the same config (a grid widened, another sample), which resume finds but the
   * best runs must not include.
   */
  constructor(
    readonly path: string,
    configSha256: string,
    private readonly inSweep: (paramsHash: string) => boolean = () => true,
  ) {
    assertSweepResultsPath(path);
    this.metadata = { kind: KIND, configSha256 };
    mkdirSync(dirname(path), { recursive: true });
    const existing = existsSync(path) ? decodeResults(path) : undefined;
    if (existing && existing.configSha256 !== configSha256) {
      throw new InputError(`${path}: holds results of another config (sha256 ${existing.configSha256}, this one is ${configSha256}); name another --results file`, { file: path, keyPath: '--results' });
    }
    for (const row of existing?.decoded.rows ?? []) this.keep(sweepResultOfRow(row));
    this.fd = openSync(path, existsSync(path) ? 'r+' : 'w');
    // Truncated in place to the end of the last complete message: that drops the end marker a clean close
    // wrote and a record batch cut off by a kill, and keeps every complete run without rewriting them
    // (a kill during the truncation leaves the same complete runs). Appends go after it.
    const keep = existing?.decoded.completeLength ?? 0;
    ftruncateSync(this.fd, keep);
    this.position = keep;
    if (keep === 0) this.write(encodeArrowStreamStart(SWEEP_RESULT_COLUMNS, this.metadata));
  }

  append(result: SweepRunResult): void {
    const row = sweepResultRow(result);
    this.waiting.push(row);
    // As the file has it (a non-finite metric is null): a resumed sweep reports the same values.
    this.keep(sweepResultOfRow(row));
    if (this.waiting.length >= FLUSH_ROWS) this.flush();
    else if (this.flushTimer === undefined) this.flushTimer = setTimeout(() => this.flush(), FLUSH_AFTER_MS);
  }

  private keep(result: SweepRunResult): void {
    const { equity: _curve, ...summary } = result;
    this.finished.set(result.paramsHash, summary);
    if (this.inSweep(result.paramsHash)) this.best.offer(result);
  }

  /** Writes the runs waiting, as one record batch. */
  flush(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.waiting.length === 0) return;
    const rows = this.waiting;
    this.waiting = [];
    this.write(encodeArrowStreamRows(SWEEP_RESULT_COLUMNS, this.metadata, rows));
  }


  private write(bytes: Uint8Array): void {
    // One record batch per run, in one write call (looped only on a short write) before the run is
    // reported: a kill leaves whole batches and at most one cut-off last one, which the next open drops.
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written, this.position + written);
    this.position += bytes.length;
  }

  close(): void {
    try {
      this.flush();
      this.write(ARROW_STREAM_END);
    } finally {
      closeSync(this.fd);
    }
  }
}
