import { resolve } from 'node:path';
import { ArrowCandleStore } from '../../adapters/data/arrowCandleStore.ts';
import { ForcedImportLog } from '../../adapters/data/forcedImportLog.ts';
import { importDataFile } from '../../adapters/data/importers/importDataFile.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import type { CandleSeries } from '../../domain/market/candleSeries.ts';
import type { FundingSeries } from '../../domain/market/fundingSeries.ts';
import { syntheticCandles } from '../../domain/market/syntheticCandles.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import type { RampartConfig, SleeveConfig } from '../config/configSchema.ts';
import type { LoadedSleeveData, SleeveDataSource } from '../services/runBacktest.ts';
import { loadCandleSeriesFromFile } from '../services/loadSeries.ts';

/** Start prices of synthetic series, so demo reports look like the markets they stand in for. */
const SYNTHETIC_START_PRICE: Record<string, number> = { BTC: 30_000, ETH: 2_000, SOL: 20, BNB: 300, XRP: 0.5 };

/**
 * Sleeve data in order of preference: the files the sleeve names, the candle store (`data.store`,
 * relative to the working directory), then — only when the config allows it — synthetic candles.
 */
export class StoreSleeveDataSource implements SleeveDataSource {
  constructor(private readonly workingDir: string = process.cwd()) {}

  async load(sleeve: SleeveConfig, index: number, config: RampartConfig, baseDir: string): Promise<LoadedSleeveData> {
    const timeframe = config.data.timeframe;
    const store = new ArrowCandleStore(resolve(this.workingDir, config.data.store));
    const keyPath = `sleeves[${index}].data`;
    let candles: CandleSeries | undefined;
    let source: string;
    let synthetic = false;
    let warning: string | undefined;
    if (sleeve.data?.file) {
      const path = resolve(baseDir, sleeve.data.file);
      candles = await loadCandleSeriesFromFile(path, sleeve.symbol, timeframe);
      source = path;
    } else {
      candles = await store.loadCandles(sleeve.symbol, timeframe);
      source = `${config.data.store}/${sleeve.symbol}-${timeframe}`;
      const forced = candles ? await new ForcedImportLog(store.directory).of(sleeve.symbol, timeframe) : [];
      if (forced.length > 0) {
        const codes = [...new Set(forced.flatMap((entry) => Object.keys(entry.hardFindings)))].join(', ');
        warning = `sleeve ${sleeve.name}: ${source} holds data imported with --force despite hard findings (${codes}; ${forced.map((entry) => entry.file).join(', ')}): run \`rampart data check\``;
        source = `${source} (forced import: ${codes})`;
      }
      if (!candles) {
        const fallback = config.data.syntheticFallback;
        if (fallback === false) {
          throw new InputError(
            `sleeve ${sleeve.name}: no ${timeframe} candles for ${sleeve.symbol} in ${config.data.store}; import them with \`rampart data import\`, name a file in ${keyPath}.file, or allow data.syntheticFallback`,
            { keyPath, value: sleeve.symbol },
          );
        }
        const base = sleeve.symbol.replace(/(USDT|USDC|USD|BUSD)$/, '');
        candles = syntheticCandles({
          symbol: sleeve.symbol,
          timeframe,
          bars: fallback.bars,
          seed: fallback.seed * 7_919 + index * 104_729,
          startPrice: SYNTHETIC_START_PRICE[base] ?? 100,
          startMs: Date.parse(fallback.start),
          intervalMs: timeframeToMs(timeframe),
          sigma: 0.006,
        });
        source = `SYNTHETIC ${sleeve.symbol} ${timeframe} (seed ${fallback.seed}, ${fallback.bars} bars)`;
        synthetic = true;
      }
    }
    assertTradable(candles, source, keyPath);
    const funding = synthetic ? undefined : await this.loadFunding(sleeve, baseDir, store, keyPath);
    const mark = synthetic ? undefined : await this.loadMark(sleeve, baseDir, store, timeframe);
    // Named so the report lists every file the run read, not only the candles.
    const fundingSource = funding === undefined ? undefined : sleeve.data?.funding ? resolve(baseDir, sleeve.data.funding) : `${config.data.store}/${sleeve.symbol}-funding`;
    const markSource = mark === undefined ? undefined : sleeve.data?.mark ? resolve(baseDir, sleeve.data.mark) : `${config.data.store}/${sleeve.symbol}-${timeframe}-mark`;
    return { candles, funding, mark, source, synthetic, fundingSource, markSource, ...(warning !== undefined ? { warning } : {}) };
  }

  private async loadFunding(sleeve: SleeveConfig, baseDir: string, store: ArrowCandleStore, keyPath: string): Promise<FundingSeries | undefined> {
    if (!sleeve.data?.funding) return store.loadFunding(sleeve.symbol);
    const path = resolve(baseDir, sleeve.data.funding);
    const imported = await importDataFile({ path, symbol: sleeve.symbol, kind: 'funding' });
    if (imported.kind !== 'funding') throw new InputError(`${path}: not a funding-rate file`, { file: path, keyPath: `${keyPath}.funding` });
    for (let i = 1; i < imported.series.length; i++) {
      if (!(imported.series.time[i] > imported.series.time[i - 1])) {
        throw new InputError(`${path}: funding times must increase, row ${i} is ${new Date(imported.series.time[i]).toISOString()}`, { file: path, keyPath: `${keyPath}.funding` });
      }
    }
    return imported.series;
  }

  private async loadMark(sleeve: SleeveConfig, baseDir: string, store: ArrowCandleStore, timeframe: string): Promise<CandleSeries | undefined> {
    if (!sleeve.data?.mark) return store.loadCandles(sleeve.symbol, `${timeframe}-mark`);
    return loadCandleSeriesFromFile(resolve(baseDir, sleeve.data.mark), sleeve.symbol, `${timeframe}-mark`);
  }
}

/** Fail closed: the engine never trades on unordered, non-finite or non-positive prices. */
function assertTradable(series: CandleSeries, source: string, keyPath: string): void {
  for (let i = 0; i < series.length; i++) {
    const o = series.open[i];
    const h = series.high[i];
    const l = series.low[i];
    const c = series.close[i];
    const at = Number.isFinite(series.time[i]) ? new Date(series.time[i]).toISOString() : `row ${i}`;
    if (!(o > 0 && h > 0 && l > 0 && c > 0) || !Number.isFinite(h)) {
      throw new InputError(`${source}: bar ${at} has a missing, non-finite or non-positive price (open ${o}, high ${h}, low ${l}, close ${c})`, { file: source, keyPath });
    }
    if (i > 0 && !(series.time[i] > series.time[i - 1])) {
      throw new InputError(`${source}: bar ${at} is not after the previous bar; run \`rampart data check\``, { file: source, keyPath });
    }
  }
}
