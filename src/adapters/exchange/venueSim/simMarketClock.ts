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
  /**
   * Closes the current bar of every symbol now (the `closeBar` control), from the last close to the
   * venue's price, as the boundary would; the clock then closes one bar per bar length from now.
   */
  closeBarNow(): void;
  stop(): void;
}

/**
 * Gives a standalone venue a market to trade: a history of closed bars ending at the last bar
 * boundary (a steady rise of 15% into each symbol's listed price, so trend sleeves have something to
 * follow), then one closed bar at every boundary, closing at the venue's price then (which
 * `rampart venue-sim fault price …` moves). Deterministic: the same start time gives the same bars.
 * `closeBar` closes the current bar now instead (a rehearsal acts on a bar that just closed, as a runner
 * on the bar clock does): the served bars move back with it, so their open times no longer fall on the hour.
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
  let lastOpenMs = options.historyBars > 0 ? firstOpenMs + (options.historyBars - 1) * barMs : Number.NaN;
  // Bars close at phaseMs + k·barMs: 0 (the hour, the minute…) until closeBar moves the boundary to its now.
  let phaseMs = 0;
  const closeBar = (openTimeMs: number): void => {
    for (const symbol of symbols) {
      const close = sim.price(symbol.symbol);
      const open = lastCloses.get(symbol.symbol) ?? close;
      sim.pushCandle(symbol.symbol, { openTimeMs, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1000, closed: true });
      lastCloses.set(symbol.symbol, close);
    }
    lastOpenMs = openTimeMs;
  };
  const schedule = (): void => {
    const nextBoundaryMs = phaseMs + (Math.floor((nowMs() - phaseMs) / barMs) + 1) * barMs;
    timer = setTimeout(() => {
      // Never a second bar with an open time already served (a late timer after closeBar re-phased).
      if (!(nextBoundaryMs - barMs <= lastOpenMs)) closeBar(nextBoundaryMs - barMs);
      schedule();
    }, nextBoundaryMs - nowMs() + 20);
  };
  schedule();
  sim.setBarCloser(() => {
    // The bar closes now, so it opened one bar length ago; the bars served so far move back with it
    // (by up to a bar) so the series stays one bar after another, and the boundaries from now on fall at now + k·barMs.
    const closeMs = nowMs();
    const openTimeMs = closeMs - barMs;
    if (lastOpenMs === lastOpenMs) {
      const deltaMs = openTimeMs - barMs - lastOpenMs;
      for (const symbol of symbols) sim.shiftCandles(symbol.symbol, deltaMs);
    }
    clearTimeout(timer);
    closeBar(openTimeMs);
    phaseMs = ((closeMs % barMs) + barMs) % barMs;
    schedule();
  });
  return {
    closeBarNow() {
      sim.closeBar();
    },
    stop() {
      clearTimeout(timer);
      sim.setBarCloser(undefined);
    },
  };
}

function onTick(price: number, tickSize: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(tickSize)));
  return Number((Math.round(price / tickSize) * tickSize).toFixed(decimals));
}
