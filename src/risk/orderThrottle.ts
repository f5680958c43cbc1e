import { ordersInWindow } from './checks/orderRate.ts';
import type { RiskDenial } from './riskDecision.ts';

export interface OrderThrottleSettings {
  readonly maxOrdersPerWindow: number;
  readonly throttleWindowMs: number;
  readonly breachesToHalt: number;
  readonly breachWindowMs: number;
}

interface AccountThrottle {
  /** Send times of the last admitted orders, oldest first, at most maxOrdersPerWindow of them. */
  sentTimesMs: number[];
  breaches: number;
  lastBreachMs: number;
}

export type OrderThrottleJSON = Readonly<Record<string, AccountThrottle>>;

/**
 * Order-rate throttle per account (C6/C7). A breach is counted at most once per throttle window;
 * `breachesToHalt` breaches each within `breachWindowMs` of the previous mean the caller must HALT
 * the account (the denial carries `breaches` and `breachesToHalt`).
 */
export class OrderThrottle {
  private readonly accounts = new Map<string, AccountThrottle>();
  private lastAccount: string | undefined = undefined;
  private lastThrottle: AccountThrottle | undefined = undefined;

  constructor(private readonly settings: OrderThrottleSettings) {}

  /** Denies when the account has already sent the maximum within the window ending at `timeMs`. */
  admit(account: string, timeMs: number): RiskDenial | undefined {
    const throttle = this.accountThrottle(account);
    const { maxOrdersPerWindow, throttleWindowMs, breachesToHalt, breachWindowMs } = this.settings;
    if (ordersInWindow(throttle.sentTimesMs, timeMs, throttleWindowMs) < maxOrdersPerWindow) return undefined;
    const sinceLastBreachMs = timeMs - throttle.lastBreachMs;
    if (sinceLastBreachMs > breachWindowMs) throttle.breaches = 0;
    if (throttle.breaches === 0 || sinceLastBreachMs >= throttleWindowMs) {
      throttle.breaches++;
      throttle.lastBreachMs = timeMs;
    }
    return { code: 'ORDER_RATE_EXCEEDED', maxOrders: maxOrdersPerWindow, windowMs: throttleWindowMs, breaches: throttle.breaches, breachesToHalt };
  }

  /** Remembers an order that was let through. */
  record(account: string, timeMs: number): void {
    const sent = this.accountThrottle(account).sentTimesMs;
    sent.push(timeMs);
    if (sent.length > this.settings.maxOrdersPerWindow) sent.shift();
  }

  /** After a person re-enables trading the breach count starts again. */
  clearBreaches(account: string): void {
    const throttle = this.accounts.get(account);
    if (throttle !== undefined) throttle.breaches = 0;
  }

  toJSON(): OrderThrottleJSON {
    const out: Record<string, AccountThrottle> = {};
    for (const [account, throttle] of this.accounts) out[account] = { ...throttle, sentTimesMs: throttle.sentTimesMs.slice() };
    return out;
  }

  static fromJSON(settings: OrderThrottleSettings, json: OrderThrottleJSON): OrderThrottle {
    const throttle = new OrderThrottle(settings);
    for (const account of Object.keys(json)) {
      const saved = json[account];
      throttle.accounts.set(account, { sentTimesMs: saved.sentTimesMs.slice(), breaches: saved.breaches, lastBreachMs: saved.lastBreachMs });
    }
    return throttle;
  }

  private accountThrottle(account: string): AccountThrottle {
    // Asked twice per order, mostly for the same account as the order before.
    if (account === this.lastAccount && this.lastThrottle !== undefined) return this.lastThrottle;
    let throttle = this.accounts.get(account);
    if (throttle === undefined) {
      throttle = { sentTimesMs: [], breaches: 0, lastBreachMs: Number.NEGATIVE_INFINITY };
      this.accounts.set(account, throttle);
    }
    this.lastAccount = account;
    this.lastThrottle = throttle;
    return throttle;
  }
}
