import type { Clock } from '../../../ports/clock.ts';
import type { ExchangeGateway, Subscription, VenueCandle } from '../../../ports/exchangeGateway.ts';

export interface MarketStreamWatchOptions {
  readonly gateway: ExchangeGateway;
  readonly clock: Clock;
  readonly symbol: string;
  readonly timeframe: string;
  /** No data for this long marks the feed stale and forces a reconnect (case 29: 30 s). */
  readonly staleAfterMs?: number;
  readonly onCandle: (candle: VenueCandle, closed: boolean) => void;
  /** Called when the feed turns stale (true) and when data flows again (false). */
  readonly onStaleChange?: (stale: boolean, reason: string) => void;
}

export const DEFAULT_STALE_AFTER_MS = 30_000;

/**
 * Candle feed with a staleness monitor. While stale the runner must not open new entries (isStale());
 * protective orders stay on the venue untouched. A stale feed is torn down and subscribed again; the
 * gateway's stream back-fills missed closed bars over REST after any reconnect, and closed bars are
 * delivered once (a repeated or older closed bar is dropped here too, so resubscribing is idempotent).
 * The runner calls checkStaleness() on its timer; the clock is injected.
 */
export class MarketStreamWatch {
  private subscription: Subscription | undefined;
  private lastDataMs: number;
  private stale = false;
  private lastClosedOpenMs = -Infinity;
  private reconnects = 0;
  private readonly staleAfterMs: number;

  constructor(private readonly options: MarketStreamWatchOptions) {
    this.staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.lastDataMs = options.clock.nowMs();
  }

  start(): void {
    if (this.subscription !== undefined) return;
    this.lastDataMs = this.options.clock.nowMs();
    this.subscription = this.options.gateway.watchCandles(this.options.symbol, this.options.timeframe, {
      onCandle: (candle, closed) => this.onData(candle, closed),
    });
  }

  async stop(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }

  isStale(): boolean {
    return this.stale;
  }

  get reconnectCount(): number {
    return this.reconnects;
  }

  /** Marks the feed stale after `staleAfterMs` without data and resubscribes; returns isStale(). */
  async checkStaleness(): Promise<boolean> {
    const silentMs = this.options.clock.nowMs() - this.lastDataMs;
    if (silentMs < this.staleAfterMs) return this.stale;
    if (!this.stale) {
      this.stale = true;
      this.options.onStaleChange?.(true, `${this.options.symbol} ${this.options.timeframe}: no data for ${silentMs} ms (limit ${this.staleAfterMs} ms)`);
    }
    this.reconnects += 1;
    await this.stop();
    this.start();
    return this.stale;
  }

  private onData(candle: VenueCandle, closed: boolean): void {
    this.lastDataMs = this.options.clock.nowMs();
    if (this.stale) {
      this.stale = false;
      this.options.onStaleChange?.(false, `${this.options.symbol} ${this.options.timeframe}: data flows again`);
    }
    if (closed) {
      if (candle.openTimeMs <= this.lastClosedOpenMs) return;
      this.lastClosedOpenMs = candle.openTimeMs;
    }
    this.options.onCandle(candle, closed);
  }
}
