import { OrderDeniedError, RateLimitedError } from '../../domain/errors/exchangeErrors.ts';
import { LockLostError } from '../../domain/errors/lockLostError.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';
import type { Logger } from '../../ports/logger.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { LiveStartRefusedError, type LiveSettings, type LiveStreams } from './liveTypes.ts';

export interface VenueConnectionDeps {
  readonly account: string;
  readonly gateway: ExchangeGateway;
  readonly store: TradeStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly symbols: readonly string[];
  readonly settings: LiveSettings;
  readonly streams?: LiveStreams;
  /** Runs once the venue answers, before any account setting is touched (one runner per venue account). */
  readonly afterConnect?: () => Promise<void>;
}

const LONGEST_RETRY_MS = 60_000;

/**
 * The account's venue set-up (markets and clock, one-way mode, isolated margin and leverage), done
 * once. A venue that bans, rate-limits or refuses the key (418, 429, -2015, -1022) is a state: the
 * account stays NOT_READY with an alert (an incident for the first failure of a streak), and the next
 * bar or command check tries again, with backoff and never before a ban ends. A clock that cannot be
 * trusted, hedge mode and a venue refusing isolated margin still refuse the start.
 */
export class VenueConnection {
  private connected = false;
  private nextAttemptAtMs = 0;
  private failures = 0;

  constructor(private readonly deps: VenueConnectionDeps) {}

  /** True once set up; false while the venue is not usable (try again later). Throws LiveStartRefusedError. */
  async ensure(): Promise<boolean> {
    const { deps } = this;
    if (this.connected) return true;
    if (deps.clock.nowMs() < this.nextAttemptAtMs) return false;
    try {
      await this.setUp();
    } catch (error) {
      if (error instanceof LiveStartRefusedError || error instanceof LockLostError) throw error;
      await this.onFailure(error as Error);
      return false;
    }
    this.connected = true;
    this.failures = 0;
    // Subscribed before reconciling, so no order or fill event falls between the two.
    deps.streams?.start();
    return true;
  }

  private async setUp(): Promise<void> {
    const { deps } = this;
    try {
      await deps.gateway.connect();
    } catch (error) {
      if (error instanceof RateLimitedError) throw error;
      throw new LiveStartRefusedError(deps.account, 'CLOCK', `venue connection or clock check failed: ${(error as Error).message}`, { cause: error });
    }
    await deps.afterConnect?.();
    const mode = await deps.gateway.fetchAccountSettings();
    if (mode.positionMode !== 'ONE_WAY') throw new LiveStartRefusedError(deps.account, 'POSITION_MODE', `position mode must be ONE_WAY, was ${mode.positionMode} (switch hedge mode off at the venue)`);
    for (const symbol of deps.symbols) {
      try {
        await deps.gateway.setIsolatedMargin(symbol);
        await deps.gateway.setLeverage(symbol, deps.settings.leverage);
      } catch (error) {
        if (!(error instanceof OrderDeniedError)) throw error;
        throw new LiveStartRefusedError(deps.account, 'MARGIN_SETUP', `${symbol}: isolated margin and leverage ${deps.settings.leverage} could not be set: ${error.message}`, { cause: error });
      }
    }
  }

  private async onFailure(error: Error): Promise<void> {
    const { deps } = this;
    const nowMs = deps.clock.nowMs();
    this.failures += 1;
    const retryInMs = Math.min(LONGEST_RETRY_MS, 1_000 * 2 ** Math.min(6, this.failures - 1));
    const banEndMs = error instanceof RateLimitedError ? nowMs + error.retryAfterMs : 0;
    this.nextAttemptAtMs = Math.max(nowMs + retryInMs, banEndMs);
    const reason = `venue not usable, retried in ${Math.ceil((this.nextAttemptAtMs - nowMs) / 1000)} s: ${error.message}`;
    deps.logger.error('alert_not_ready', { account: deps.account, state: 'NOT_READY', reason });
    if (this.failures === 1) await deps.store.recordIncident({ atMs: nowMs, kind: 'NOT_READY', severity: 'CRITICAL', detail: { account: deps.account, reason } });
  }
}
