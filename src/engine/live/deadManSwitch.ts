import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';
import type { Logger } from '../../ports/logger.ts';

/**
 * The venue's dead-man switch over the runner's working entries (case 35): armed before an entry is
 * sent, refreshed every quarter of the countdown while entries rest at the venue, disarmed once none
 * does. If the runner dies, the venue cancels the symbol's regular open orders when the countdown runs
 * out; the conditional protective stops stay. A venue without one is logged once and left alone.
 */
export class DeadManSwitch {
  private readonly refreshedAtMs = new Map<string, number>();
  private absent = false;

  constructor(
    private readonly deps: { readonly account: string; readonly gateway: ExchangeGateway; readonly logger: Logger; readonly countdownMs: number },
  ) {}

  /** Symbols armed now. */
  get armedSymbols(): string[] {
    return [...this.refreshedAtMs.keys()];
  }

  /** Arms (or refreshes when due) before an entry goes out; a failure is logged, the caller's send decides. */
  async arm(symbol: string, nowMs: number): Promise<void> {
    const { countdownMs } = this.deps;
    if (countdownMs <= 0 || this.absent) return;
    const last = this.refreshedAtMs.get(symbol);
    if (last !== undefined && nowMs - last < countdownMs / 4) return;
    try {
      if (await this.deps.gateway.armCancelAllCountdown(symbol, countdownMs)) {
        this.refreshedAtMs.set(symbol, nowMs);
      } else {
        this.absent = true;
        this.deps.logger.warn('dead_man_switch_absent', { account: this.deps.account, reason: `${this.deps.gateway.venue} has no cancel-all countdown: working entries outlive a dead runner` });
      }
    } catch (error) {
      this.deps.logger.error('alert_dead_man_switch_failed', { account: this.deps.account, symbol, reason: (error as Error).message });
    }
  }

  /** Between bars: refreshes symbols with working entries, disarms the others. */
  async maintain(workingEntrySymbols: ReadonlySet<string>, nowMs: number): Promise<void> {
    for (const symbol of workingEntrySymbols) await this.arm(symbol, nowMs);
    for (const symbol of this.armedSymbols) {
      if (workingEntrySymbols.has(symbol)) continue;
      try {
        await this.deps.gateway.armCancelAllCountdown(symbol, 0);
        this.refreshedAtMs.delete(symbol);
      } catch (error) {
        // Left armed: at worst the venue cancels entries that no longer exist.
        this.deps.logger.warn('dead_man_switch_not_disarmed', { account: this.deps.account, symbol, reason: (error as Error).message });
      }
    }
  }
}
