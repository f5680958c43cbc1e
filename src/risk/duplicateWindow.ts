import { checkDuplicateOrder, type RecentOrder } from './checks/duplicateOrder.ts';
import type { OrderIntent } from './orderIntent.ts';
import type { RiskDenial } from './riskDecision.ts';

export type DuplicateWindowJSON = Readonly<Record<string, readonly RecentOrder[]>>;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Orders let through in the last `windowMs`, per account, for duplicate detection (C8). */
export class DuplicateWindow {
  private readonly accounts = new Map<string, Mutable<RecentOrder>[]>();
  // Checked and recorded for every order, mostly of the same account as the order before: the last
  // account's window is kept beside the map, as OrderThrottle keeps its last account's record.
  private lastAccount: string | undefined = undefined;
  private lastRecent: Mutable<RecentOrder>[] | undefined = undefined;
  private readonly spare: Mutable<RecentOrder>[] = [];

  constructor(private readonly windowMs: number) {}

  check(intent: OrderIntent): RiskDenial | undefined {
    const recent = intent.account === this.lastAccount ? this.lastRecent : this.accounts.get(intent.account);
    return recent === undefined ? undefined : checkDuplicateOrder(intent, recent, this.windowMs);
  }

  record(intent: OrderIntent): void {
    const recent = this.recentOf(intent.account);
    let expired = 0;
    while (expired < recent.length && intent.timeMs - recent[expired].timeMs > this.windowMs) expired++;
    // Every approved order is recorded: the first expired record is refilled and moved to the end and
    // the others kept as spares for a window that grows again (a reversal's exit and entry share a
    // time), so a run whose window holds a few orders allocates nothing here.
    const record = expired > 0 ? recent[0] : (this.spare.pop() ?? blankRecord());
    for (let e = 1; e < expired; e++) this.spare.push(recent[e]);
    record.sleeve = intent.sleeve;
    record.symbol = intent.symbol;
    record.side = intent.side;
    record.quantity = intent.quantity;
    record.reduceOnly = intent.reduceOnly;
    record.timeMs = intent.timeMs;
    const kept = recent.length - expired;
    for (let i = 0; i < kept; i++) recent[i] = recent[i + expired];
    recent[kept] = record;
    for (let dropped = 1; dropped < expired; dropped++) recent.pop();
  }

  /** The account's window, created on its first order. */
  private recentOf(account: string): Mutable<RecentOrder>[] {
    if (account === this.lastAccount && this.lastRecent !== undefined) return this.lastRecent;
    let recent = this.accounts.get(account);
    if (recent === undefined) {
      recent = [];
      this.accounts.set(account, recent);
    }
    this.lastAccount = account;
    this.lastRecent = recent;
    return recent;
  }

  /** Copies: the window reuses its records. */
  toJSON(): DuplicateWindowJSON {
    const out: Record<string, RecentOrder[]> = {};
    for (const [account, recent] of this.accounts) out[account] = recent.map((order) => ({ ...order }));
    return out;
  }

  static fromJSON(windowMs: number, json: DuplicateWindowJSON): DuplicateWindow {
    const window = new DuplicateWindow(windowMs);
    for (const account of Object.keys(json)) {
      window.accounts.set(
        account,
        json[account].map((order) => ({ sleeve: order.sleeve, symbol: order.symbol, side: order.side, quantity: order.quantity, reduceOnly: order.reduceOnly ?? false, timeMs: order.timeMs })),
      );
    }
    return window;
  }
}

function blankRecord(): Mutable<RecentOrder> {
  return { sleeve: '', symbol: '', side: 'buy', quantity: Number.NaN, reduceOnly: false, timeMs: Number.NaN };
}
