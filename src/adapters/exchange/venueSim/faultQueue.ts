import type { DepthGapFault, StreamFault, VenueFault } from './venueSimTypes.ts';

type CountedFault = Exclude<VenueFault, { kind: 'orderNotFoundFor' } | { kind: 'partialFill' } | { kind: 'clockSkewMs' } | StreamFault | DepthGapFault>;
type PlacementFault = Extract<VenueFault, { kind: 'orderNotFoundFor' } | { kind: 'partialFill' }>;

const ORDER_PATHS = ['/fapi/v1/order', '/fapi/v1/algoOrder'];

/**
 * Injected faults, consumed in the order they were queued. A fault's `path` is a pathname
 * (`/fapi/v1/order`) or `METHOD /pathname`; without one, faults about accepted orders match an
 * order POST and every other fault matches any request.
 */
export class FaultQueue {
  private counted: Array<{ fault: CountedFault; remaining: number }> = [];
  private placement: PlacementFault[] = [];
  clockSkewMs = 0;

  add(fault: Exclude<VenueFault, StreamFault | DepthGapFault>): void {
    if (fault.kind === 'clockSkewMs') {
      this.clockSkewMs = fault.ms;
    } else if (fault.kind === 'orderNotFoundFor' || fault.kind === 'partialFill') {
      this.placement.push(fault);
    } else {
      this.counted.push({ fault, remaining: fault.count ?? 1 });
    }
  }

  /** The faults still queued, in the order they will be taken, with the uses left of counted ones. */
  list(): Array<{ fault: VenueFault; remaining?: number }> {
    return [...this.counted.map((entry) => ({ fault: { ...entry.fault }, remaining: entry.remaining })), ...this.placement.map((fault) => ({ fault: { ...fault } }))];
  }

  clear(): void {
    this.counted = [];
    this.placement = [];
    this.clockSkewMs = 0;
  }

  /** Takes one use of the first queued fault of these kinds that matches the request. */
  take<K extends CountedFault['kind']>(kinds: readonly K[], method: string, pathname: string): Extract<CountedFault, { kind: K }> | undefined {
    const index = this.counted.findIndex(
      (entry) => (kinds as readonly string[]).includes(entry.fault.kind) && matches(entry.fault, method, pathname),
    );
    if (index < 0) return undefined;
    const entry = this.counted[index] as { fault: CountedFault; remaining: number };
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.counted.splice(index, 1);
    return entry.fault as Extract<CountedFault, { kind: K }>;
  }

  /** Takes the first queued placement fault of this kind (applies to the next order placed). */
  takePlacement<K extends PlacementFault['kind']>(kind: K): Extract<PlacementFault, { kind: K }> | undefined {
    const index = this.placement.findIndex((f) => f.kind === kind);
    if (index < 0) return undefined;
    return this.placement.splice(index, 1)[0] as Extract<PlacementFault, { kind: K }>;
  }
}

function matches(fault: CountedFault, method: string, pathname: string): boolean {
  if (fault.path === undefined) {
    const aboutOrders = fault.kind === 'http5xxAfterAccept' || fault.kind === 'timeoutAfterAccept' || fault.kind === 'binanceError' || fault.kind === 'userEventsReversed';
    return aboutOrders ? method === 'POST' && ORDER_PATHS.includes(pathname) : true;
  }
  const space = fault.path.indexOf(' ');
  if (space > 0) return fault.path.slice(0, space).toUpperCase() === method && fault.path.slice(space + 1) === pathname;
  return fault.path === pathname;
}
