import type { SimControlCommand } from './simControlCommand.ts';
import type { QueuedFault, VenueSim } from './venueSim.ts';
import type { PlaceOrderRequest } from './venueBook.ts';
import { VenueRejection, type SimApiRestrictions, type SimOrder, type VenueSimSymbol } from './venueSimTypes.ts';

/** What the control reaches past the public API: the account as the venue's own book holds it. */
export interface SimAccountAccess {
  placeOrder(request: PlaceOrderRequest): SimOrder;
  setMarginType(symbol: string, marginType: 'ISOLATED' | 'CROSSED'): void;
  setLeverage(symbol: string, leverage: number): void;
  setDualSidePosition(dual: boolean): void;
}

/** What the venue holds against its clients right now, as `GET /_sim/faults` reports it. */
export interface SimFaultsSnapshot {
  /** Faults waiting for the requests (or the next order, or the next depth event) they will spoil. */
  queued: QueuedFault[];
  /** Websocket faults applied to the sockets that were open when they were injected. */
  streams: Array<'stopPongs' | 'silentFeed'>;
  /** The weight X-MBX-USED-WEIGHT-1M reports at least; null: only the venue's own count. */
  reportedWeight: number | null;
  apiRestrictions: SimApiRestrictions;
  /** Symbols whose trading rules were changed at run time, with their rules now. */
  changedSymbols: Array<Pick<VenueSimSymbol, 'symbol' | 'lotStep' | 'tickSize' | 'minQty' | 'minNotional'>>;
}

export interface SimControl {
  apply(command: SimControlCommand): void;
  snapshot(): SimFaultsSnapshot;
  /** Back to the venue as it started: no faults, its own weight, the key's and symbols' first settings. */
  clear(): void;
}

/** The run-time fault surface over a venue's in-process API. */
export function createSimControl(sim: VenueSim, account: SimAccountAccess, initial: { apiRestrictions: SimApiRestrictions; symbols: readonly VenueSimSymbol[] }): SimControl {
  let externalOrders = 0;
  const streams = new Set<'stopPongs' | 'silentFeed'>();
  let reportedWeight: number | null = null;
  let apiRestrictions = { ...initial.apiRestrictions };
  const changedSymbols = new Map<string, Pick<VenueSimSymbol, 'symbol' | 'lotStep' | 'tickSize' | 'minQty' | 'minNotional'>>();
  const knownSymbol = (symbol: string): VenueSimSymbol => {
    const found = initial.symbols.find((s) => s.symbol === symbol.toUpperCase());
    if (found === undefined) throw new RangeError(`symbol must be one of ${initial.symbols.map((s) => s.symbol).join(', ')}, was "${symbol}"`);
    return found;
  };
  return {
    apply(command) {
      switch (command.kind) {
        case 'dropWebsockets':
          return sim.dropWebsockets();
        case 'expireListenKeys':
          return sim.expireListenKeys();
        case 'apiRestrictions': {
          const { kind: _kind, ...restrictions } = command;
          sim.setApiRestrictions(restrictions);
          apiRestrictions = { ...apiRestrictions, ...restrictions };
          return;
        }
        case 'reportedWeight':
          sim.setReportedWeight(command.weight);
          reportedWeight = command.weight;
          return;
        case 'symbolFilters': {
          const { kind: _kind, symbol, ...filters } = command;
          const original = knownSymbol(symbol);
          sim.setSymbolFilters(original.symbol, filters);
          const before = changedSymbols.get(original.symbol) ?? { symbol: original.symbol, lotStep: original.lotStep, tickSize: original.tickSize, minQty: original.minQty, minNotional: original.minNotional };
          changedSymbols.set(original.symbol, { ...before, ...filters });
          return;
        }
        case 'closeBar':
          return sim.closeBar();
        case 'price':
          return sim.setPrice(knownSymbol(command.symbol).symbol, command.price);
        case 'funding':
          return sim.chargeFunding(command.rate ?? 0.0001);
        case 'spread':
          return sim.setSpread(knownSymbol(command.symbol).symbol, command.spread);
        case 'externalOrder': {
          const symbol = knownSymbol(command.symbol);
          account.placeOrder({
            symbol: symbol.symbol,
            side: command.side,
            type: command.type ?? 'MARKET',
            quantity: String(command.quantity),
            ...(command.price === undefined ? {} : { price: String(command.price), timeInForce: 'GTC' }),
            reduceOnly: false,
            closePosition: false,
            clientOrderId: command.clientOrderId ?? `web_${++externalOrders}`,
            isAlgo: false,
          });
          return;
        }
        case 'accountSettings': {
          const symbol = command.symbol === undefined ? undefined : knownSymbol(command.symbol).symbol;
          // "No need to change" (-4046, -4059) means the venue is already so: not a failure here.
          const unlessAlreadySo = (change: () => void): void => {
            try {
              change();
            } catch (error) {
              if (!(error instanceof VenueRejection && (error.code === -4046 || error.code === -4059))) throw error;
            }
          };
          if (command.dualSidePosition !== undefined) unlessAlreadySo(() => account.setDualSidePosition(command.dualSidePosition as boolean));
          if (symbol !== undefined && command.marginType !== undefined) unlessAlreadySo(() => account.setMarginType(symbol, command.marginType as 'ISOLATED' | 'CROSSED'));
          if (symbol !== undefined && command.leverage !== undefined) account.setLeverage(symbol, command.leverage);
          return;
        }
        case 'stopPongs':
        case 'silentFeed':
          streams.add(command.kind);
          return sim.inject(command);
        default:
          return sim.inject(command);
      }
    },
    snapshot() {
      return { queued: sim.queuedFaults(), streams: [...streams], reportedWeight, apiRestrictions: { ...apiRestrictions }, changedSymbols: [...changedSymbols.values()] };
    },
    clear() {
      sim.clearFaults();
      streams.clear();
      sim.setReportedWeight(undefined);
      reportedWeight = null;
      sim.setApiRestrictions(initial.apiRestrictions);
      apiRestrictions = { ...initial.apiRestrictions };
      for (const symbol of changedSymbols.keys()) {
        const original = initial.symbols.find((s) => s.symbol === symbol) as VenueSimSymbol;
        sim.setSymbolFilters(symbol, { lotStep: original.lotStep, tickSize: original.tickSize, minQty: original.minQty, minNotional: original.minNotional });
      }
      changedSymbols.clear();
    },
  };
}
