import type { PaperJournal } from '../../engine/paper/paperJournal.ts';
import type { Logger } from '../../ports/logger.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';

export interface WriteCounts {
  signals: number;
  intents: number;
  fills: number;
  denials: number;
  fundingPayments: number;
  equitySnapshots: number;
}

/**
 * Persists what the store does not hold yet. Every step is idempotent and ordered so that a process
 * killed between any two writes converges on restart: an intent (NEW) before its order, the order
 * before its fill, the fill (exactly once per trade id, with its position change) before the intent
 * becomes SENT; a denial's risk event before its DENIED intent.
 */
export async function writePaperJournal(store: TradeStore, journal: PaperJournal, sessionStartMs: number, logger: Logger): Promise<WriteCounts> {
  const counts: WriteCounts = { signals: 0, intents: 0, fills: 0, denials: 0, fundingPayments: 0, equitySnapshots: 0 };

  // Signals carry no id: match by content, counting repeats, so a rerun adds only the missing ones.
  const storedSignals = new Map<string, number>();
  for (const signal of await store.listSignals({ fromMs: sessionStartMs })) {
    const key = signalKey(signal);
    storedSignals.set(key, (storedSignals.get(key) ?? 0) + 1);
  }
  for (const signal of journal.signals) {
    const key = signalKey(signal);
    const left = storedSignals.get(key) ?? 0;
    if (left > 0) {
      storedSignals.set(key, left - 1);
      continue;
    }
    await store.recordSignal(signal);
    counts.signals++;
    logger.info('decision', { sleeve: signal.sleeve, symbol: signal.symbol, strategy: signal.strategy, target: signal.target, at: iso(signal.atMs) });
  }

  const intents = new Map((await store.listIntents()).map((intent) => [intent.clientOrderId, intent]));
  for (const { intent, fill, reason } of journal.orders) {
    const stored = intents.get(intent.clientOrderId);
    if (stored?.state === 'SENT') continue;
    if (!stored) {
      await store.recordIntent(intent);
      counts.intents++;
      logger.info('order', {
        clientOrderId: intent.clientOrderId,
        account: intent.account,
        sleeve: intent.sleeve,
        symbol: intent.symbol,
        side: intent.side,
        quantity: intent.quantity,
        reason,
        at: iso(intent.createdAtMs),
      });
    }
    const order = await store.getOrder(intent.clientOrderId);
    if (!order) {
      await store.recordOrderUpdate({
        clientOrderId: intent.clientOrderId,
        account: intent.account,
        symbol: intent.symbol,
        venueOrderId: fill.venueOrderId,
        status: 'NEW',
        filledQuantity: '0',
        averagePrice: null,
        atMs: fill.atMs,
        reason: null,
      });
    }
    if (order?.status !== 'FILLED') {
      await store.recordOrderUpdate({
        clientOrderId: intent.clientOrderId,
        account: intent.account,
        symbol: intent.symbol,
        venueOrderId: fill.venueOrderId,
        status: 'FILLED',
        filledQuantity: fill.quantity,
        averagePrice: fill.price,
        atMs: fill.atMs,
        reason,
      });
    }
    const applied = await store.applyFill(fill);
    if (applied.applied) {
      counts.fills++;
      logger.info('fill', {
        tradeId: fill.tradeId,
        clientOrderId: fill.clientOrderId,
        account: fill.account,
        symbol: fill.symbol,
        side: fill.side,
        quantity: fill.quantity,
        price: fill.price,
        fee: fill.fee,
        at: iso(fill.atMs),
      });
    }
    await store.setIntentState(intent.clientOrderId, 'SENT', fill.atMs);
  }

  const storedEvents = new Set((await store.listRiskEvents({ fromMs: sessionStartMs })).map((event) => event.clientOrderId));
  for (const { intent, event } of journal.denials) {
    if (!storedEvents.has(event.clientOrderId)) {
      await store.recordRiskEvent(event);
      counts.denials++;
      logger.info('denial', { clientOrderId: intent.clientOrderId, account: intent.account, sleeve: intent.sleeve, symbol: intent.symbol, side: intent.side, code: event.code, at: iso(event.atMs) });
    }
    if (!intents.has(intent.clientOrderId)) await store.recordIntent(intent);
  }

  // Keyed by (account, symbol, payment id): a replay writes only the payments not stored yet.
  for (const payment of journal.funding) if ((await store.recordFundingPayment(payment)).created) counts.fundingPayments++;

  for (const snapshot of journal.equity) {
    const stored = await store.listEquitySnapshots(snapshot.account, { fromMs: snapshot.atMs, toMs: snapshot.atMs });
    if (stored.length > 0) continue;
    await store.recordEquitySnapshot(snapshot);
    counts.equitySnapshots++;
  }
  return counts;
}

function signalKey(signal: { atMs: number; sleeve: string; symbol: string; target: number }): string {
  return `${signal.sleeve}|${signal.symbol}|${signal.atMs}|${signal.target}`;
}

function iso(timeMs: number): string {
  return new Date(timeMs).toISOString();
}
