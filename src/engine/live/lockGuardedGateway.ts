import type { LockLostError } from '../../domain/errors/lockLostError.ts';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';

/** Gateway methods that answer synchronously: refused by throwing, the others by a rejected promise. */
const SYNCHRONOUS = new Set<PropertyKey>(['marketFilters', 'watchCandles', 'watchOrders', 'markReconciled', 'setReferencePrice']);
/** Releasing the gateway's own resources is no venue request and stays possible. */
const ALWAYS_ALLOWED = new Set<PropertyKey>(['close']);

/**
 * The gateway as a runner sees it: once the runner has learnt that it lost its lock (`lost()`), every
 * call fails with that error before any request leaves, so a fenced-out runner never reaches the venue
 * again. Properties that are not methods pass through.
 */
export function lockGuardedGateway(gateway: ExchangeGateway, lost: () => LockLostError | undefined): ExchangeGateway {
  return new Proxy(gateway, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || ALWAYS_ALLOWED.has(property)) return typeof value === 'function' ? value.bind(target) : value;
      return (...args: unknown[]): unknown => {
        const error = lost();
        if (error !== undefined) {
          if (SYNCHRONOUS.has(property)) throw error;
          return Promise.reject(error);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
