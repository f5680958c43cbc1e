import { resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { durationToMs, InputError, timeframeToMs } from '../../../app/sharedWithInterfaces.ts';
import { checkData, downloadData, importData, listData, type SeriesReport } from '../../../app/services/dataService.ts';
import type { ProgressReporter } from '../../../app/services/dataProgress.ts';
import { describeFinding } from '../../../app/services/loadSeries.ts';
import type { SetExitCode } from '../setExitCode.ts';
import { createProgress } from '../progressBar.ts';

const FORMATS = ['auto', 'csv', 'binance', 'freqtrade'] as const;
const KINDS = ['candles', 'mark', 'funding'] as const;
/** Soft findings printed per code and series before the rest are only counted. */
const DEFAULT_SOFT_FINDINGS_SHOWN = 20;

interface CommonOptions {
  store?: string;
  quiet?: boolean;
}

/** `rampart data import|check|download|list`: the market-data store. */
export function register(program: Command, setExitCode: SetExitCode): void {
  const data = program.command('data').description('import, download, check and list stored market data');
  const storeOption = () => new Option('--store <dir>', 'data store directory (default $RAMPART_DATA_DIR or data/store)');

  data
    .command('import <file>')
    .description('import a candle, mark-price or funding file (generic CSV, Binance klines, freqtrade feather/json)')
    .option('--symbol <symbol>', 'symbol, e.g. BTC/USDT:USDT (default: from a freqtrade file name)')
    .option('--timeframe <tf>', 'timeframe, e.g. 1h (default: from a freqtrade file name)')
    .addOption(new Option('--format <format>', 'file format').choices(FORMATS).default('auto'))
    .addOption(new Option('--kind <kind>', 'what the file holds (default: from the file name, else candles)').choices(KINDS))
    .option('--max-gap <duration>', 'gaps wider than this are hard findings, e.g. 3h')
    .option('--replace', 'replace the stored series instead of merging the file into it')
    .option('--force', 'store a file with hard findings anyway (recorded in the store; backtests on it say so)')
    .option('--max-findings <n>', 'soft findings shown per code', String(DEFAULT_SOFT_FINDINGS_SHOWN))
    .addOption(storeOption())
    .action(async (file: string, options: CommonOptions & { symbol?: string; timeframe?: string; format: (typeof FORMATS)[number]; kind?: (typeof KINDS)[number]; maxGap?: string; replace?: boolean; force?: boolean; maxFindings: string }) => {
      const result = await importData({
        storeDir: storeDir(options),
        path: file,
        format: options.format,
        symbol: options.symbol,
        timeframe: options.timeframe,
        kind: options.kind,
        maxGapMs: optionalDuration('--max-gap', options.maxGap),
        replace: options.replace,
        force: options.force,
      });
      printReport(result, count('--max-findings', options.maxFindings));
      if (!result.stored) {
        const hard = result.findings.filter((f) => f.severity === 'hard').length;
        process.stderr.write(`not imported: ${file} has ${hard} hard finding${hard > 1 ? 's' : ''}; nothing was stored (${result.symbol} ${result.timeframe} holds ${result.rows} rows). Fix the file, or pass --force to store it anyway (recorded; backtests on it say so)\n`);
        setExitCode(1);
        return;
      }
      process.stdout.write(`imported ${file}: ${result.fileRows} rows read, ${result.symbol} ${result.timeframe} now holds ${result.rows} rows${result.findings.some((f) => f.severity === 'hard') ? ' (--force: stored despite hard findings, recorded)' : ''}\n`);
      if (result.findings.some((f) => f.severity === 'hard')) setExitCode(1);
    });

  data
    .command('check')
    .description('check stored series for gaps, duplicates, disorder, OHLC violations, NaN and staleness (exit 1 on hard findings)')
    .option('--symbol <symbol>', 'only this symbol')
    .option('--timeframe <tf>', 'only this timeframe (1h, 1h-mark, funding)')
    .option('--max-age <duration>', 'the last bar may be at most this old, e.g. 2h')
    .option('--max-gap <duration>', 'gaps wider than this are hard findings, e.g. 3h')
    .option('--max-findings <n>', 'soft findings shown per code', String(DEFAULT_SOFT_FINDINGS_SHOWN))
    .option('--quiet', 'no progress output')
    .addOption(storeOption())
    .action(async (options: CommonOptions & { symbol?: string; timeframe?: string; maxAge?: string; maxGap?: string; maxFindings: string }) => {
      const reports = await checkData({
        storeDir: storeDir(options),
        symbol: options.symbol,
        timeframe: options.timeframe,
        maxAgeMs: optionalDuration('--max-age', options.maxAge),
        maxGapMs: optionalDuration('--max-gap', options.maxGap),
        nowMs: Date.now(),
        progress: progressReporter('data check', !options.quiet),
      });
      const limit = count('--max-findings', options.maxFindings);
      let hard = 0;
      let soft = 0;
      for (const report of reports) {
        printReport(report, limit);
        hard += report.findings.filter((f) => f.severity === 'hard').length;
        soft += report.findings.filter((f) => f.severity === 'soft').length;
      }
      process.stdout.write(`checked ${reports.length} series: ${hard} hard, ${soft} soft findings\n`);
      if (hard > 0) setExitCode(1);
    });

  data
    .command('download')
    .description('download closed candles from an exchange through ccxt into the store')
    .requiredOption('--symbol <symbol>', 'ccxt symbol, e.g. BTC/USDT:USDT')
    .requiredOption('--timeframe <tf>', 'timeframe, e.g. 1h')
    .requiredOption('--since <iso>', 'first bar time (ISO-8601, UTC when no zone is given)')
    .option('--exchange <id>', 'ccxt exchange id', 'binanceusdm')
    .option('--until <iso>', 'stop before bars that close after this time (default: now)')
    .option('--mark', 'download mark-price candles (stored as timeframe <tf>-mark)')
    .option('--max-gap <duration>', 'gaps wider than this are hard findings, e.g. 3h')
    .option('--max-findings <n>', 'soft findings shown per code', String(DEFAULT_SOFT_FINDINGS_SHOWN))
    .option('--quiet', 'no progress output')
    .addOption(new Option('--base-url <url>', 'send REST requests to this origin instead (tests, rehearsals)').hideHelp())
    .addOption(storeOption())
    .action(async (options: CommonOptions & { symbol: string; timeframe: string; since: string; until?: string; exchange: string; mark?: boolean; maxGap?: string; baseUrl?: string; maxFindings: string }) => {
      try {
        timeframeToMs(options.timeframe);
      } catch (error) {
        throw new InputError(`--timeframe: ${(error as Error).message}`, { keyPath: 'timeframe', value: options.timeframe });
      }
      const result = await downloadData({
        storeDir: storeDir(options),
        exchangeId: options.exchange,
        symbol: options.symbol,
        timeframe: options.timeframe,
        sinceMs: isoTime('--since', options.since),
        untilMs: options.until === undefined ? Date.now() : isoTime('--until', options.until),
        price: options.mark ? 'mark' : undefined,
        baseUrl: options.baseUrl,
        maxGapMs: optionalDuration('--max-gap', options.maxGap),
        progress: progressReporter('data download', !options.quiet),
      });
      printReport(result, count('--max-findings', options.maxFindings));
      process.stdout.write(`downloaded ${result.downloadedRows} bars: ${result.symbol} ${result.timeframe} now holds ${result.rows} rows\n`);
      if (result.findings.some((f) => f.severity === 'hard')) setExitCode(1);
    });

  data
    .command('list')
    .description('list the stored series with their row counts and time ranges')
    .addOption(storeOption())
    .action(async (options: CommonOptions) => {
      const dir = storeDir(options);
      const summaries = await listData(dir);
      if (summaries.length === 0) process.stdout.write(`${dir}: no stored data\n`);
      for (const s of summaries) {
        const range = s.rows > 0 ? `${new Date(s.firstTimeMs!).toISOString()} .. ${new Date(s.lastTimeMs!).toISOString()}` : 'empty';
        process.stdout.write(`${s.symbol}\t${s.timeframe}\t${s.rows} rows\t${range}\n`);
      }
    });
}

function storeDir(options: CommonOptions): string {
  return resolve(options.store || process.env.RAMPART_DATA_DIR || 'data/store');
}

function optionalDuration(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return durationToMs(text);
  } catch {
    throw new InputError(`${flag} must be a duration such as 90s, 3h or 2d, was "${text}"`, { keyPath: flag, value: text });
  }
}

function count(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new InputError(`${flag} must be a whole number, was "${text}"`, { keyPath: flag, value: text });
  return value;
}

function isoTime(flag: string, text: string): number {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(text) && text.length > 10 ? `${text}Z` : text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(ms)) {
    throw new InputError(`${flag} must be an ISO-8601 time such as 2024-01-01 or 2024-01-01T00:00:00Z, was "${text}"`, { keyPath: flag, value: text });
  }
  return ms;
}

/** Prints every hard finding and up to `softLimit` soft findings per code, each with its timestamp. */
function printReport(report: SeriesReport, softLimit: number): void {
  const label = `${report.symbol} ${report.timeframe}`;
  const shownSoft = new Map<string, number>();
  for (const finding of report.findings) {
    if (finding.severity === 'soft') {
      const shown = shownSoft.get(finding.code) ?? 0;
      shownSoft.set(finding.code, shown + 1);
      if (shown >= softLimit) continue;
    }
    process.stdout.write(`${finding.severity.toUpperCase()} ${label}: ${describeFinding(finding)}\n`);
  }
  for (const [code, total] of shownSoft) {
    if (total > softLimit) process.stdout.write(`SOFT ${label}: ... and ${total - softLimit} more ${code} findings\n`);
  }
  const hard = report.findings.filter((f) => f.severity === 'hard').length;
  process.stdout.write(`${label}: ${report.rows} rows, ${hard} hard, ${report.findings.length - hard} soft findings\n`);
}

function progressReporter(label: string, enabled: boolean): ProgressReporter {
  const progress = createProgress(label, enabled);
  let total = 0;
  return {
    start(expected) {
      total = expected;
    },
    update(done) {
      progress.update(done, Math.max(total, done));
    },
    stop() {
      progress.stop();
    },
  };
}
