import { Decimal } from 'decimal.js';
import type { OrderRequest } from '../../domain/order/venueOrder.ts';
import { decimalText } from './venueBookkeeping.ts';

/**
 * The price an order is expected to fill near, stored with its intent so realised slippage can be
 * measured from the store: a stop's trigger price, else the decision bar's close the order was sized
 * from (the backtest fills it there, moved by the modelled slippage). Undefined when the decision has
 * none (a flatten request): such fills are left out of the slippage figure rather than guessed.
 */
export function intentReferencePrice(request: Pick<OrderRequest, 'type' | 'stopPrice'>, decisionReferencePrice: number): string | undefined {
  if (request.type === 'STOP_MARKET' || request.type === 'TAKE_PROFIT_MARKET') return request.stopPrice !== undefined && request.stopPrice.gt(0) ? decimalText(request.stopPrice) : undefined;
  return Number.isFinite(decisionReferencePrice) && decisionReferencePrice > 0 ? decimalText(new Decimal(decisionReferencePrice)) : undefined;
}

/** The intent's `referencePrice` field: present only when known. */
export function referencePriceField(request: Pick<OrderRequest, 'type' | 'stopPrice'>, decisionReferencePrice: number): { referencePrice?: string } {
  const referencePrice = intentReferencePrice(request, decisionReferencePrice);
  return referencePrice === undefined ? {} : { referencePrice };
}
