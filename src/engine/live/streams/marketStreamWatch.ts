import { timeframeToMs } from '../../../domain/market/timeframe.ts';
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
  /** The REST back-fill after a resubscribe failed; the bars it should have brought may be missing. */
  readonly onBackfillError?: (error: Error) => void;
}

export const DEFAULT_STALE_AFTER_MS = 30_000;

/**
 * Candle feed with a staleness monitor. While stale the runner must not open new entries (isStale());
 * protective orders stay on the venue untouched. A stale feed is torn down and subscribed again; the
 * gateway's stream back-fills missed closed bars over REST after a reconnect it notices itself; a
 * resubscription started here is back-filled here, since the fresh stream knows nothing of earlier bars.
 * Stream data is held while that back-fill runs, so bars arrive in order. Closed bars are delivered once
 * (a repeated or older closed bar is dropped, so resubscribing is idempotent).
 * The runner calls checkStaleness() on its timer; the clock is injected.
 */
export class MarketStreamWatch {
  private subscription: Subscription | undefined;
  private lastDataMs: number;
  private stale = false;
  private lastClosedOpenMs = -Infinity;
  private reconnects = 0;
  private readonly staleAfterMs: number;
  /** Stream data that arrived while a back-fill was running, delivered after it. */
  private held: Array<{ candle: VenueCandle; closed: boolean }> | undefined;
  private backfilling: Promise<void> | undefined;

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
    this.held = [];
    this.start();
    this.backfilling = this.backfill();
    await this.backfilling;
    return this.stale;
  }

  /** Resolves once the back-fill of the last resubscription, if any, has been delivered. */
  async settled(): Promise<void> {
    await this.backfilling;
  }

  /** Closed bars after the last one delivered, over REST; the newest is closed only once its period has ended. */
  private async backfill(): Promise<void> {
    try {
      if (!Number.isFinite(this.lastClosedOpenMs)) return;
      const periodMs = timeframeToMs(this.options.timeframe);
      const candles = await this.options.gateway.fetchCandles(this.options.symbol, this.options.timeframe, this.lastClosedOpenMs + 1);
      const sorted = [...candles].sort((a, b) => a.openTimeMs - b.openTimeMs);
      const nowMs = this.options.clock.nowMs();
      sorted.forEach((candle, index) => {
        const closed = index < sorted.length - 1 || candle.openTimeMs + periodMs <= nowMs;
        if (closed) this.deliver(candle, true);
      });
    } catch (error) {
      this.options.onBackfillError?.(error instanceof Error ? error : new Error(String(error)));
    } finally {
      const held = this.held ?? [];
      this.held = undefined;
      this.backfilling = undefined;
      for (const { candle, closed } of held) this.deliver(candle, closed);
    }
  }

  private onData(candle: VenueCandle, closed: boolean): void {
    this.lastDataMs = this.options.clock.nowMs();
    if (this.stale) {
      this.stale = false;
      this.options.onStaleChange?.(false, `${this.options.symbol} ${this.options.timeframe}: data flows again`);
    }
    if (this.held !== undefined) {
      this.held.push({ candle, closed });
      return;
    }
    this.deliver(candle, closed);
  }

  private deliver(candle: VenueCandle, closed: boolean): void {
    if (!closed && candle.openTimeMs <= this.lastClosedOpenMs) return;
    if (closed) {
      if (candle.openTimeMs <= this.lastClosedOpenMs) return;
      this.lastClosedOpenMs = candle.openTimeMs;
    }
    this.options.onCandle(candle, closed);
  }
}
