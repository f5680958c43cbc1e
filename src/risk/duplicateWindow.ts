import { checkDuplicateOrder, type RecentOrder } from './checks/duplicateOrder.ts';
import type { OrderIntent } from './orderIntent.ts';
import type { RiskDenial } from './riskDecision.ts';

export type DuplicateWindowJSON = Readonly<Record<string, readonly RecentOrder[]>>;

/** Orders let through in the last `windowMs`, per account, for duplicate detection (C8). */
export class DuplicateWindow {
  private readonly accounts = new Map<string, RecentOrder[]>();

  constructor(private readonly windowMs: number) {}

  check(intent: OrderIntent): RiskDenial | undefined {
    const recent = this.accounts.get(intent.account);
    return recent === undefined ? undefined : checkDuplicateOrder(intent, recent, this.windowMs);
  }

  record(intent: OrderIntent): void {
    let recent = this.accounts.get(intent.account);
    if (recent === undefined) {
      recent = [];
      this.accounts.set(intent.account, recent);
    }
    let expired = 0;
    while (expired < recent.length && intent.timeMs - recent[expired].timeMs > this.windowMs) expired++;
    if (expired > 0) recent.splice(0, expired);
    recent.push({ sleeve: intent.sleeve, symbol: intent.symbol, side: intent.side, quantity: intent.quantity, reduceOnly: intent.reduceOnly, timeMs: intent.timeMs });
  }

  toJSON(): DuplicateWindowJSON {
    const out: Record<string, RecentOrder[]> = {};
    for (const [account, recent] of this.accounts) out[account] = recent.slice();
    return out;
  }

  static fromJSON(windowMs: number, json: DuplicateWindowJSON): DuplicateWindow {
    const window = new DuplicateWindow(windowMs);
    for (const account of Object.keys(json)) window.accounts.set(account, json[account].slice());
    return window;
  }
}
