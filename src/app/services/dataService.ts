import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import { resolve } from 'node:path';
import { ArrowCandleStore } from '../../adapters/data/arrowCandleStore.ts';
import { ForcedImportLog } from '../../adapters/data/forcedImportLog.ts';
import { normalizeSymbol } from '../../adapters/data/normalizeSymbol.ts';
import { importDataFile, type DataKind, type FormatOption } from '../../adapters/data/importers/importDataFile.ts';
import { downloadCandles } from '../../adapters/exchange/ccxtCandleDownloader.ts';
import {
  checkCandles,
  checkFunding,
  mergeCandleSeries,
  mergeFundingSeries,
  sortAndDedupeCandles,
  sortAndDedupeFunding,
  type DataFinding,
} from '../../ops/dataQuality/index.ts';
import { silentProgress, type ProgressReporter } from './dataProgress.ts';
import { InputError } from '../../domain/errors/inputError.ts';

/** A stored series and what the checks found in it (or in the file it came from). */
export interface SeriesReport {
  readonly symbol: string;
  /** Timeframe, `1h-mark` for mark candles, `funding` for funding rates. */
  readonly timeframe: string;
  readonly rows: number;
  readonly findings: DataFinding[];
}

export interface ImportDataInput {
  readonly storeDir: string;
  readonly path: string;
  readonly format?: FormatOption;
  readonly symbol?: string;
  readonly timeframe?: string;
  readonly kind?: DataKind;
  readonly maxGapMs?: number;
  /** Replace the stored series instead of merging the file into it. */
  readonly replace?: boolean;
  /** Store a file with hard findings anyway; recorded in the store, and every backtest on it says so. */
  readonly force?: boolean;
}

export interface ImportDataResult extends SeriesReport {
  /** Rows in the file, before sorting and de-duplication. */
  readonly fileRows: number;
  /** False when hard findings kept the file out of the store (no --force). */
  readonly stored: boolean;
}

/**
 * Imports a data file into the store: reads it in file order, checks it (findings are about the
 * file as given), then sorts, de-duplicates and merges it into the stored series.
 */
export async function importData(input: ImportDataInput): Promise<ImportDataResult> {
  const store = new ArrowCandleStore(input.storeDir);
  const imported = await importDataFile(input);
  if (imported.kind === 'funding') {
    const findings = checkFunding(imported.series, { intervalMs: imported.intervalMs, maxGapMs: input.maxGapMs });
    const clean = sortAndDedupeFunding(imported.series);
    const stored = input.replace ? clean : mergeFundingSeries(await store.loadFunding(clean.symbol), clean);
    await store.saveFunding(stored);
    return { symbol: stored.symbol, timeframe: 'funding', rows: stored.length, fileRows: imported.series.length, findings, stored: true };
  }
  const series = imported.series;
  const findings = checkCandles(series, { timeframeMs: stepOf(series.timeframe), maxGapMs: input.maxGapMs });
  const hard = findings.filter((finding) => finding.severity === 'hard');
  if (hard.length > 0 && input.force !== true) {
    const existing = await store.loadCandles(series.symbol, series.timeframe);
    return { symbol: series.symbol, timeframe: series.timeframe, rows: existing?.length ?? 0, fileRows: series.length, findings, stored: false };
  }
  const clean = sortAndDedupeCandles(series);
  const stored = input.replace ? clean : mergeCandleSeries(await store.loadCandles(clean.symbol, clean.timeframe), clean);
  await store.saveCandles(stored);
  if (hard.length > 0) {
    const hardFindings: Record<string, number> = {};
    for (const finding of hard) hardFindings[finding.code] = (hardFindings[finding.code] ?? 0) + 1;
    await new ForcedImportLog(input.storeDir).record(stored.symbol, stored.timeframe, { file: resolve(input.path), importedAt: new Date().toISOString(), hardFindings });
  }
  return { symbol: stored.symbol, timeframe: stored.timeframe, rows: stored.length, fileRows: series.length, findings, stored: true };
}

export interface CheckDataInput {
  readonly storeDir: string;
  readonly symbol?: string;
  readonly timeframe?: string;
  readonly maxAgeMs?: number;
  readonly maxGapMs?: number;
  readonly nowMs: number;
  readonly progress?: ProgressReporter;
}

/** Checks every stored series (or those of one symbol / timeframe) and reports the findings of each. */
export async function checkData(input: CheckDataInput): Promise<SeriesReport[]> {
  const store = new ArrowCandleStore(input.storeDir);
  const symbol = input.symbol === undefined ? undefined : normalizeSymbolInput(input.symbol);
  const candleEntries = (await store.list()).filter((e) => (symbol === undefined || e.symbol === symbol) && (input.timeframe === undefined || e.timeframe === input.timeframe));
  const fundingSymbols = (await store.listFunding()).filter((s) => (symbol === undefined || s === symbol) && (input.timeframe === undefined || input.timeframe === 'funding'));
  const progress = input.progress ?? silentProgress;
  const total = candleEntries.length + fundingSymbols.length;
  if (total === 0) {
    const what = [symbol, input.timeframe].filter(Boolean).join(' ') || 'any series';
    throw new InputError(`${input.storeDir}: no stored data for ${what}`, { file: input.storeDir, keyPath: 'symbol', value: what });
  }
  progress.start(total, 'checking');
  const reports: SeriesReport[] = [];
  const options = { maxAgeMs: input.maxAgeMs, maxGapMs: input.maxGapMs, nowMs: input.nowMs };
  for (const entry of candleEntries) {
    const series = (await store.loadCandles(entry.symbol, entry.timeframe))!;
    reports.push({ ...entry, rows: series.length, findings: checkCandles(series, { ...options, timeframeMs: stepOf(entry.timeframe) }) });
    progress.update(reports.length);
  }
  for (const fundingSymbol of fundingSymbols) {
    const series = (await store.loadFunding(fundingSymbol))!;
    reports.push({ symbol: fundingSymbol, timeframe: 'funding', rows: series.length, findings: checkFunding(series, { ...options, intervalMs: medianStep(series.time) }) });
    progress.update(reports.length);
  }
  progress.stop();
  return reports;
}

export interface DownloadDataInput {
  readonly storeDir: string;
  readonly exchangeId: string;
  readonly symbol: string;
  readonly timeframe: string;
  readonly sinceMs: number;
  readonly untilMs: number;
  readonly price?: 'mark';
  readonly baseUrl?: string;
  readonly maxGapMs?: number;
  readonly progress?: ProgressReporter;
}

/** Downloads candles from the exchange, checks them, and merges them into the stored series. */
export async function downloadData(input: DownloadDataInput): Promise<SeriesReport & { readonly downloadedRows: number }> {
  const store = new ArrowCandleStore(input.storeDir);
  const progress = input.progress ?? silentProgress;
  const timeframeMs = stepOf(input.timeframe);
  const expectedBars = Math.max(1, Math.floor((input.untilMs - input.sinceMs) / (timeframeMs ?? 1)));
  progress.start(expectedBars, `downloading ${input.symbol} ${input.timeframe}`);
  let downloaded: CandleSeries;
  try {
    downloaded = await downloadCandles({ ...input, onProgress: (p) => progress.update(p.barsFetched) });
  } finally {
    progress.stop();
  }
  const findings = checkCandles(downloaded, { timeframeMs, maxGapMs: input.maxGapMs });
  const stored = mergeCandleSeries(await store.loadCandles(downloaded.symbol, downloaded.timeframe), downloaded);
  await store.saveCandles(stored);
  return { symbol: stored.symbol, timeframe: stored.timeframe, rows: stored.length, downloadedRows: downloaded.length, findings };
}

export interface StoredSeriesSummary {
  readonly symbol: string;
  readonly timeframe: string;
  readonly rows: number;
  readonly firstTimeMs?: number;
  readonly lastTimeMs?: number;
}

/** What the store holds: every series with its row count and time range. */
export async function listData(storeDir: string): Promise<StoredSeriesSummary[]> {
  const store = new ArrowCandleStore(storeDir);
  const summaries: StoredSeriesSummary[] = [];
  for (const entry of await store.list()) {
    const series = (await store.loadCandles(entry.symbol, entry.timeframe))!;
    summaries.push({ ...entry, rows: series.length, firstTimeMs: series.time[0], lastTimeMs: series.time[series.length - 1] });
  }
  for (const symbol of await store.listFunding()) {
    const series = (await store.loadFunding(symbol))!;
    summaries.push({ symbol, timeframe: 'funding', rows: series.length, firstTimeMs: series.time[0], lastTimeMs: series.time[series.length - 1] });
  }
  return summaries;
}

/** Bar length of a stored timeframe (`1h-mark` is 1h); undefined for timeframes without a fixed length. */
function stepOf(timeframe: string): number | undefined {
  try {
    return timeframeToMs(timeframe.replace(/-mark$/, ''));
  } catch {
    return undefined;
  }
}

/** The funding interval a stored series follows (8h on most Binance perpetuals, 4h or 1h on some). */
function medianStep(time: Float64Array): number | undefined {
  if (time.length < 2) return undefined;
  const steps = Array.from(time.subarray(1), (t, i) => t - time[i]).sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)];
}

function normalizeSymbolInput(symbol: string): string {
  try {
    return normalizeSymbol(symbol);
  } catch (error) {
    throw new InputError(`--symbol: ${(error as Error).message}`, { keyPath: 'symbol', value: symbol }, { cause: error });
  }
}
