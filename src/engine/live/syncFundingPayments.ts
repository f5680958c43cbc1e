import { LockLostError } from '../../domain/errors/lockLostError.ts';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';
import type { Logger } from '../../ports/logger.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import { decimalText } from './venueBookkeeping.ts';

/**
 * Stores the funding fees the venue booked on each symbol since the last one stored (the boundary is
 * read again: the store keeps one row per venue id, so nothing is counted twice). The funding figures
 * are read from these. A failed read is logged and retried at the next bar: it is bookkeeping after
 * the bar's orders, never a reason to stop trading. Returns how many payments were new.
 */
export async function syncFundingPayments(gateway: Pick<ExchangeGateway, 'fetchFundingPayments'>, store: TradeStore, account: string, symbols: readonly string[], logger: Pick<Logger, 'warn'>): Promise<number> {
  let stored = 0;
  for (const symbol of symbols) {
    try {
      const known = await store.listFundingPayments({ account, symbol });
      const sinceMs = known.length > 0 ? known[known.length - 1].atMs : undefined;
      for (const payment of await gateway.fetchFundingPayments(symbol, sinceMs)) {
        const { created } = await store.recordFundingPayment({ account, symbol, paymentId: payment.paymentId, income: decimalText(payment.income), atMs: payment.timeMs });
        if (created) stored++;
      }
    } catch (error) {
      if (error instanceof LockLostError) throw error;
      logger.warn('funding_not_read', { account, symbol, reason: (error as Error).message });
    }
  }
  return stored;
}
