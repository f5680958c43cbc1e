import type { VenueSim } from './startVenueSim.ts';
import type { VenueSimSymbol } from './venueSimTypes.ts';

export interface SimMarketClockOptions {
  /** Bar length the venue serves, ms (klines of any interval get these bars). */
  readonly timeframeMs: number;
  /** Closed bars of history before now (0: none, the venue starts with no klines). */
  readonly historyBars: number;
  readonly nowMs?: () => number;
}

export interface SimMarketClock {
  stop(): void;
}

/**
 * Gives a standalone venue a market to trade: a history of closed bars ending at the last bar
 * boundary (a steady rise of 15% into each symbol's listed price, so trend sleeves have something to
 * follow), then one closed bar at every boundary, closing at the venue's price then (which
 * `rampart venue-sim fault price …` moves). Deterministic: the same start time gives the same bars.
 */
export function startSimMarketClock(sim: VenueSim, symbols: readonly VenueSimSymbol[], options: SimMarketClockOptions): SimMarketClock {
  const nowMs = options.nowMs ?? Date.now;
  const barMs = options.timeframeMs;
  const lastCloses = new Map<string, number>();
  const firstOpenMs = Math.floor(nowMs() / barMs) * barMs - options.historyBars * barMs;
  for (const symbol of symbols) {
    for (let i = 0; i < options.historyBars; i++) {
      const close = onTick(symbol.price * (0.85 + (0.15 * (i + 1)) / options.historyBars) * (1 + 0.002 * Math.sin(i / 3)), symbol.tickSize);
      const open = lastCloses.get(symbol.symbol) ?? onTick(close * 0.999, symbol.tickSize);
      sim.pushCandle(symbol.symbol, {
        openTimeMs: firstOpenMs + i * barMs,
        open,
        high: onTick(Math.max(open, close) * 1.001, symbol.tickSize),
        low: onTick(Math.min(open, close) * 0.999, symbol.tickSize),
        close,
        volume: 1000 + 100 * Math.cos(i / 5),
        closed: true,
      });
      lastCloses.set(symbol.symbol, close);
    }
    const last = lastCloses.get(symbol.symbol);
    if (last !== undefined) sim.setPrice(symbol.symbol, last);
  }
  let timer: NodeJS.Timeout | undefined;
  const closeBar = (openTimeMs: number): void => {
    for (const symbol of symbols) {
      const close = sim.price(symbol.symbol);
      const open = lastCloses.get(symbol.symbol) ?? close;
      sim.pushCandle(symbol.symbol, { openTimeMs, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1000, closed: true });
      lastCloses.set(symbol.symbol, close);
    }
  };
  const schedule = (): void => {
    const nextBoundaryMs = (Math.floor(nowMs() / barMs) + 1) * barMs;
    timer = setTimeout(() => {
      closeBar(nextBoundaryMs - barMs);
      schedule();
    }, nextBoundaryMs - nowMs() + 20);
  };
  schedule();
  return {
    stop() {
      clearTimeout(timer);
    },
  };
}

function onTick(price: number, tickSize: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(tickSize)));
  return Number((Math.round(price / tickSize) * tickSize).toFixed(decimals));
}
