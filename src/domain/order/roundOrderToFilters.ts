import { Decimal } from 'decimal.js';
import { floorToStep, roundToStep } from '../money/stepRounding.ts';
import { OrderDenialReason } from '../errors/exchangeErrors.ts';
import type { MarketFilters } from './marketFilters.ts';
import type { OrderRequest } from './venueOrder.ts';

export type RoundedOrder =
  | { readonly ok: true; readonly quantity: Decimal; readonly price: Decimal | undefined; readonly stopPrice: Decimal | undefined }
  | { readonly ok: false; readonly reason: OrderDenialReason; readonly message: string };

/**
 * Puts an order on the market's grid before any request: quantity floored to the lot step (an amount
 * below the minimum is denied, never enlarged), prices rounded to the tick, and the notional checked
 * against MIN_NOTIONAL at the limit price or, for market and trigger orders, at `referencePrice`.
 * Reduce-only orders are exempt from MIN_NOTIONAL, as on Binance ("unless you choose reduce only").
 */
export function roundOrderToFilters(request: OrderRequest, filters: MarketFilters, referencePrice: Decimal | undefined): RoundedOrder {
  const where = `${request.symbol} ${request.side} ${request.type} ${request.clientOrderId}`;
  if (!request.quantity.isFinite() || request.quantity.lte(0)) {
    return { ok: false, reason: OrderDenialReason.INVALID_ORDER, message: `${where}: quantity must be positive, was ${request.quantity.toString()}` };
  }
  const quantity = floorToStep(request.quantity, filters.lotStep);
  if (quantity.lt(filters.minQuantity) || quantity.isZero()) {
    return {
      ok: false,
      reason: OrderDenialReason.BELOW_MIN_QUANTITY,
      message: `${where}: quantity ${request.quantity.toString()} floors to ${quantity.toString()} at lot step ${filters.lotStep.toString()}, below the minimum ${filters.minQuantity.toString()}`,
    };
  }
  if (filters.maxQuantity !== undefined && quantity.gt(filters.maxQuantity)) {
    return { ok: false, reason: OrderDenialReason.FILTER_VIOLATION, message: `${where}: quantity must be at most ${filters.maxQuantity.toString()}, was ${quantity.toString()}` };
  }
  const price = roundPrice(request.price, filters.tickSize);
  const stopPrice = roundPrice(request.stopPrice, filters.tickSize);
  if (request.type === 'LIMIT' && price === undefined) return { ok: false, reason: OrderDenialReason.INVALID_ORDER, message: `${where}: a LIMIT order needs a positive price` };
  if ((request.type === 'STOP_MARKET' || request.type === 'TAKE_PROFIT_MARKET') && stopPrice === undefined) {
    return { ok: false, reason: OrderDenialReason.INVALID_ORDER, message: `${where}: a ${request.type} order needs a positive stop price` };
  }
  if (!request.reduceOnly && filters.minNotional.gt(0)) {
    const notionalPrice = price ?? referencePrice;
    if (notionalPrice === undefined || !notionalPrice.isFinite() || notionalPrice.lte(0)) {
      // Fail closed: without a price the notional cannot be shown to meet the minimum.
      return { ok: false, reason: OrderDenialReason.BELOW_MIN_NOTIONAL, message: `${where}: no reference price to check the minimum notional ${filters.minNotional.toString()}` };
    }
    const notional = quantity.mul(notionalPrice);
    if (notional.lt(filters.minNotional)) {
      return {
        ok: false,
        reason: OrderDenialReason.BELOW_MIN_NOTIONAL,
        message: `${where}: notional must be at least ${filters.minNotional.toString()}, was ${notional.toString()} (${quantity.toString()} × ${notionalPrice.toString()})`,
      };
    }
  }
  return { ok: true, quantity, price, stopPrice };
}

function roundPrice(value: Decimal | undefined, tickSize: Decimal): Decimal | undefined {
  if (value === undefined || !value.isFinite() || value.lte(0)) return undefined;
  const rounded = roundToStep(value, tickSize);
  return rounded.gt(0) ? rounded : undefined;
}
