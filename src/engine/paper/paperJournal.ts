import { clientOrderId } from '../../domain/order/clientOrderId.ts';
import type { EquitySnapshotRecord, FillRecord, FundingPaymentRecord, OrderIntentRecord, RiskEventRecord, SignalRecord } from '../../ports/tradeStore.ts';
import type { KernelResult } from '../backtest/runBacktestKernel.ts';
import { riskEventOfDenial } from '../risk/riskEventRecords.ts';
import { decimalText, stepDecimals } from './decimalText.ts';
import type { GateDenial } from './paperGate.ts';

/** What the journal needs to know of a sleeve besides the kernel's record of it. */
export interface JournalSleeve {
  readonly name: string;
  readonly account: string;
  readonly symbol: string;
  readonly strategy: string;
  readonly weight: number;
  readonly lotStep: number;
  readonly tickSize: number;
}

/** An order the simulated venue filled: its intent (stored first) and its one fill. */
export interface JournalOrder {
  readonly intent: OrderIntentRecord;
  readonly fill: FillRecord;
  /** Why the engine placed it (entry, adjust, signal, stop, risk …). */
  readonly reason: string;
}

export interface JournalDenial {
  readonly intent: OrderIntentRecord;
  readonly event: RiskEventRecord;
}

/** Everything one replay says happened, with deterministic ids, in time order. */
export interface PaperJournal {
  readonly signals: SignalRecord[];
  readonly orders: JournalOrder[];
  readonly denials: JournalDenial[];
  /** The simulated venue's funding of each sleeve's position, as the venue would book it (income: negative = paid). */
  readonly funding: FundingPaymentRecord[];
  /** One per account at the last replayed bar's close. */
  readonly equity: EquitySnapshotRecord[];
  /** Open time of the last replayed bar, NaN when nothing was replayed. */
  readonly lastBarTimeMs: number;
}

const FEE_DECIMALS = 10;
const MONEY_DECIMALS = 8;

/**
 * Turns a kernel run (without the end-of-data close: in paper the positions stay open) into store
 * records; the equity is marked at the last close.
 */
export function paperJournal(result: KernelResult, sleeves: readonly JournalSleeve[], denials: readonly GateDenial[], initialCapital: number): PaperJournal {
  const byName = new Map(sleeves.map((sleeve) => [sleeve.name, sleeve]));
  const sleeveOf = (name: string): JournalSleeve => {
    const sleeve = byName.get(name);
    if (!sleeve) throw new Error(`paperJournal: the kernel ran sleeve ${name} that the journal does not know`);
    return sleeve;
  };

  const signals: SignalRecord[] = result.decisions.map((decision) => {
    const sleeve = sleeveOf(decision.sleeve);
    return { atMs: decision.timeMs, sleeve: sleeve.name, symbol: sleeve.symbol, strategy: sleeve.strategy, target: decision.target, confidence: null };
  });

  const orders: JournalOrder[] = [];
  const sequences = new Map<string, number>();
  const positions = new Map<string, number>();
  const referencePrices = result.log.fillReferencePrices();
  for (const [index, fill] of result.fills.entries()) {
    // Reduce-only as the kernel sent it: an order that shrinks the position (an exit, a stop, or an
    // adjustment down), never one that opens, grows or flips it. Positions in nano-lots (float sums).
    const before = positions.get(fill.sleeve) ?? 0;
    const after = Math.round((before + fill.quantity) * 1e9) / 1e9;
    positions.set(fill.sleeve, after);
    const reduceOnly = before !== 0 && Math.abs(after) < Math.abs(before) && (after === 0 || Math.sign(after) === Math.sign(before));
    const sleeve = sleeveOf(fill.sleeve);
    const key = `${sleeve.name}|${fill.timeMs}`;
    const sequence = sequences.get(key) ?? 0;
    sequences.set(key, sequence + 1);
    const id = clientOrderId({ account: sleeve.account, sleeve: sleeve.name, symbol: sleeve.symbol, timeMs: fill.timeMs, sequence });
    const side = fill.quantity > 0 ? 'BUY' : 'SELL';
    const quantity = decimalText(Math.abs(fill.quantity), stepDecimals(sleeve.lotStep));
    const intent: OrderIntentRecord = {
      clientOrderId: id,
      account: sleeve.account,
      sleeve: sleeve.name,
      symbol: sleeve.symbol,
      strategy: sleeve.strategy,
      side,
      quantity,
      price: null,
      // The price the simulated venue filled it near before slippage: the decision bar's close, a stop's level.
      ...(referencePrices[index] > 0 ? { referencePrice: decimalText(referencePrices[index], Math.max(stepDecimals(sleeve.tickSize), MONEY_DECIMALS)) } : {}),
      reduceOnly,
      createdAtMs: fill.timeMs,
      state: 'NEW',
      stateChangedAtMs: fill.timeMs,
    };
    orders.push({
      intent,
      reason: fill.reason,
      fill: {
        account: sleeve.account,
        symbol: sleeve.symbol,
        tradeId: `${sleeve.name}:${fill.timeMs}:${sequence}`,
        clientOrderId: id,
        venueOrderId: paperVenueOrderId(id),
        side,
        quantity,
        price: decimalText(fill.price, Math.max(stepDecimals(sleeve.tickSize), MONEY_DECIMALS)),
        fee: decimalText(fill.fee, FEE_DECIMALS),
        atMs: fill.timeMs,
      },
    });
  }

  const denialSequences = new Map<string, number>();
  const journalDenials: JournalDenial[] = denials.map((denial) => {
    const sleeve = sleeveOf(denial.sleeve);
    const key = `${sleeve.name}|${denial.timeMs}`;
    const sequence = denialSequences.get(key) ?? 0;
    denialSequences.set(key, sequence + 1);
    const id = clientOrderId({ account: sleeve.account, sleeve: sleeve.name, symbol: sleeve.symbol, timeMs: denial.timeMs, sequence: `denied-${sequence}` });
    const quantity = decimalText(Math.abs(denial.quantity), stepDecimals(sleeve.lotStep));
    return {
      intent: {
        clientOrderId: id,
        account: sleeve.account,
        sleeve: sleeve.name,
        symbol: sleeve.symbol,
        strategy: sleeve.strategy,
        side: denial.quantity > 0 ? 'BUY' : 'SELL',
        quantity: quantity === '0' ? decimalText(sleeve.lotStep, stepDecimals(sleeve.lotStep)) : quantity,
        price: null,
        reduceOnly: denial.reduceOnly,
        createdAtMs: denial.timeMs,
        state: 'DENIED',
        stateChangedAtMs: denial.timeMs,
      },
      // Stored as the live runner stores its denials (the gate's record: sleeve and figures), plus the order asked.
      event: withDetail(riskEventOfDenial({ timeMs: denial.timeMs, sleeve: sleeve.name, account: sleeve.account, code: denial.code, figures: denial.figures }, { symbol: sleeve.symbol, strategy: sleeve.strategy, clientOrderId: id }), {
        quantity: denial.quantity,
        reduceOnly: denial.reduceOnly,
      }),
    };
  });

  const funding: FundingPaymentRecord[] = result.log.fundingPayments().map((payment) => {
    const sleeve = sleeveOf(payment.sleeve);
    // Per sleeve: two sleeves on one symbol are two positions to the simulated venue.
    return { account: sleeve.account, symbol: sleeve.symbol, paymentId: `paper:${sleeve.name}:${payment.timeMs}`, income: decimalText(-payment.paid, MONEY_DECIMALS), atMs: payment.timeMs };
  });

  const lastBarTimeMs = result.timeline.length > 0 ? result.timeline[result.timeline.length - 1] : Number.NaN;
  return { signals, orders, denials: journalDenials, funding, equity: equityAtLastClose(result, sleeves, initialCapital, lastBarTimeMs), lastBarTimeMs };
}

function withDetail(event: RiskEventRecord, extra: { quantity: number; reduceOnly: boolean }): RiskEventRecord {
  return { ...event, detail: { ...event.detail, ...extra } };
}

/** The simulated venue's order id for an order: derived, so a restart finds the same one. */
export function paperVenueOrderId(clientOrderIdText: string): string {
  return `paper-${clientOrderIdText}`;
}

/**
 * Equity per account marked at the last close (the run ran without its end-of-data close).
 * Accounts share the initial capital in proportion to their sleeves' weights.
 */
function equityAtLastClose(result: KernelResult, sleeves: readonly JournalSleeve[], initialCapital: number, atMs: number): EquitySnapshotRecord[] {
  if (!(atMs === atMs)) return [];
  const totalWeight = sleeves.reduce((sum, sleeve) => sum + sleeve.weight, 0);
  const perAccount = new Map<string, { equity: number; unrealized: number; weight: number }>();
  for (const book of result.sleeves) {
    const sleeve = sleeves.find((candidate) => candidate.name === book.name);
    if (!sleeve) continue;
    const unrealized = book.unrealizedPnl();
    const entry = perAccount.get(sleeve.account) ?? { equity: 0, unrealized: 0, weight: 0 };
    entry.equity += book.netPnl + unrealized;
    entry.unrealized += unrealized;
    entry.weight += sleeve.weight;
    perAccount.set(sleeve.account, entry);
  }
  return [...perAccount.entries()].map(([account, entry]) => {
    const equity = (perAccount.size === 1 ? initialCapital : (initialCapital * entry.weight) / totalWeight) + entry.equity;
    return {
      account,
      atMs,
      equity: decimalText(equity, MONEY_DECIMALS),
      walletBalance: decimalText(equity - entry.unrealized, MONEY_DECIMALS),
      unrealizedPnl: decimalText(entry.unrealized, MONEY_DECIMALS),
    };
  });
}
