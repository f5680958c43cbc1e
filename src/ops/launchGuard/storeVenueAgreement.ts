/** One side's view of an account: signed position quantities by symbol and the client ids of open orders. */
export interface AccountBook {
  readonly positions: ReadonlyMap<string, number>;
  readonly openOrderIds: ReadonlySet<string>;
}

/**
 * The store reconciled with the venue (a preflight check): every position quantity equal (flat when
 * absent) and the same open orders of ours. Lists what differs, so the operator can act on it.
 */
export function storeVenueAgreement(store: AccountBook, venue: AccountBook, symbols: readonly string[]): { ok: boolean; detail: string } {
  const differences: string[] = [];
  for (const symbol of new Set([...symbols, ...store.positions.keys(), ...venue.positions.keys()])) {
    const stored = store.positions.get(symbol) ?? 0;
    const held = venue.positions.get(symbol) ?? 0;
    if (stored !== held) differences.push(`position ${symbol}: store ${stored}, venue ${held}`);
  }
  for (const id of store.openOrderIds) if (!venue.openOrderIds.has(id)) differences.push(`order ${id} open in the store, not at the venue`);
  for (const id of venue.openOrderIds) if (!store.openOrderIds.has(id)) differences.push(`order ${id} open at the venue, not in the store`);
  return differences.length === 0
    ? { ok: true, detail: `store and venue agree (${[...venue.positions.values()].filter((quantity) => quantity !== 0).length} open position(s), ${venue.openOrderIds.size} open order(s))` }
    : { ok: false, detail: `${differences.join('; ')}: reconcile (start the runner, which reconciles first) before going live` };
}
