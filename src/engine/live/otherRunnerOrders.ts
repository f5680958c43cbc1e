import { parseClientOrderId } from '../../domain/order/clientOrderId.ts';
import type { VenueOrder } from '../../domain/order/venueOrder.ts';

/**
 * Open venue orders placed by another Rampart runner: a Rampart client order id that carries another
 * store's instance id. Ids without an instance (stores from before instance ids) are not counted here:
 * they are ours when our store holds their intent, and external otherwise, as any foreign order.
 */
export function otherRunnerOrders(open: readonly VenueOrder[], instanceId: string): VenueOrder[] {
  return open.filter((order) => {
    const parsed = order.clientOrderId === undefined ? undefined : parseClientOrderId(order.clientOrderId);
    return parsed !== undefined && parsed.instanceId !== null && parsed.instanceId !== instanceId;
  });
}

/** Another Rampart runner (another store) trades this account: this one must not trade beside it. */
export class OtherRunnerError extends Error {
  override readonly name = 'OtherRunnerError';
  /** The other stores' instance ids, as their orders carry them. */
  readonly instances: readonly string[];
  constructor(account: string, orders: readonly VenueOrder[], ownInstanceId: string) {
    const instances = [...new Set(orders.map((order) => parseClientOrderId(order.clientOrderId ?? '')?.instanceId ?? '?'))];
    const shown = orders.slice(0, 3).map((order) => `${order.symbol} ${order.clientOrderId}`).join(', ');
    super(
      `${account}: another Rampart runner (store instance ${instances.join(', ')}; this store is ${ownInstanceId}) trades this account at the venue: ` +
        `${orders.length} open order(s) of it (${shown}); one runner per venue account: stop the other runner or point both at one store`,
    );
    this.instances = instances;
  }
}
