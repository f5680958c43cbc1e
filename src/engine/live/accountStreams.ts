import type { Clock } from '../../ports/clock.ts';
import type { ExchangeGateway, VenueCandle } from '../../ports/exchangeGateway.ts';
import type { Logger } from '../../ports/logger.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { LiveStreams } from './liveTypes.ts';
import { MarketStreamWatch } from './streams/marketStreamWatch.ts';
import { UserStreamSync } from './streams/userStreamSync.ts';

export interface AccountStreamsOptions {
  readonly gateway: ExchangeGateway;
  readonly store: TradeStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly account: string;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  /** No market data for this long marks a symbol's feed stale (case 29: 30 s). */
  readonly staleAfterMs?: number;
  /** Every candle of every symbol's feed, in order per symbol (closed bars once each). */
  readonly onCandle: (candle: VenueCandle, closed: boolean) => void;
}

/**
 * One account's websocket streams: the user data stream kept in the store by UserStreamSync (fills
 * exactly once, REST back-fill each bar and after reconnects) and a MarketStreamWatch per symbol whose
 * stale state pauses entries. Stale changes and stream failures are logged and stored as incidents.
 */
export class AccountStreams implements LiveStreams {
  private readonly user: UserStreamSync;
  private readonly markets: MarketStreamWatch[];

  constructor(private readonly options: AccountStreamsOptions) {
    this.user = new UserStreamSync({ gateway: options.gateway, store: options.store, clock: options.clock, account: options.account, symbols: options.symbols });
    this.markets = options.symbols.map(
      (symbol) =>
        new MarketStreamWatch({
          gateway: options.gateway,
          clock: options.clock,
          symbol,
          timeframe: options.timeframe,
          ...(options.staleAfterMs !== undefined ? { staleAfterMs: options.staleAfterMs } : {}),
          onCandle: options.onCandle,
          onStaleChange: (stale, reason) => this.onStaleChange(symbol, stale, reason),
          onBackfillError: (error) => options.logger.error('alert_market_backfill_failed', { account: options.account, symbol, reason: error.message }),
        }),
    );
  }

  start(): void {
    this.user.start();
    for (const market of this.markets) market.start();
  }

  async beforeBar(): Promise<void> {
    for (const market of this.markets) {
      await market.checkStaleness();
      await market.settled();
    }
    await this.user.backfill();
    for (const failure of this.user.takeFailures()) {
      this.options.logger.error('alert_user_stream_failed', { account: this.options.account, reason: failure.message });
    }
  }

  userStreamDown(): boolean {
    return this.user.isDown;
  }

  staleSymbols(): readonly string[] {
    return this.options.symbols.filter((_, index) => this.markets[index]?.isStale() === true);
  }

  /** Resolves when every user-stream event received so far has reached the store. */
  idle(): Promise<void> {
    return this.user.idle();
  }

  async stop(): Promise<void> {
    for (const market of this.markets) await market.stop();
    await this.user.stop();
  }

  private onStaleChange(symbol: string, stale: boolean, reason: string): void {
    const { logger, store, clock, account } = this.options;
    if (stale) logger.error('alert_market_feed_stale', { account, symbol, reason });
    else logger.warn('market_feed_resumed', { account, symbol, reason });
    void store
      .recordIncident({ atMs: clock.nowMs(), kind: stale ? 'MARKET_FEED_STALE' : 'MARKET_FEED_RESUMED', severity: stale ? 'CRITICAL' : 'INFO', detail: { account, symbol, reason } })
      .catch((error: unknown) => logger.error('alert_incident_not_stored', { account, symbol, reason: (error as Error).message }));
  }
}
