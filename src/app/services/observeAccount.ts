import type { LaunchObservations } from '../../ops/launchGuard/index.ts';
import type { ExchangeGateway } from '../../ports/exchangeGateway.ts';

/** The read-only part of a gateway the checklist uses (`loadMarkets`: reachability without the clock bound of `connect`). */
export type ObservableGateway = Pick<ExchangeGateway, 'syncClock' | 'fetchApiRestrictions' | 'fetchAccountSettings' | 'fetchPositions'> & { loadMarkets(): Promise<void> };

export interface ObserveAccountInput {
  readonly account: string;
  readonly venue: string;
  readonly testnet: boolean;
  /** The symbols the account's sleeves trade: their margin mode and leverage are compared. */
  readonly symbols: readonly string[];
  readonly configuredLeverage: number;
  readonly maxClockOffsetMs: number;
  /** Also read position mode, margin and leverage (the `account` checks); default true. */
  readonly readAccount?: boolean;
}

/**
 * What the go-live checklist needs, read from the venue with read-only requests through an opened
 * gateway: reachability, clock offset, key permissions, position mode, margin and leverage. The one
 * implementation behind both `rampart check` and the start of `run --real`. Nothing here throws for
 * a venue answer: a failed read is recorded as unobserved, and the checklist fails it closed.
 */
export async function observeAccount(gateway: ObservableGateway, input: ObserveAccountInput): Promise<LaunchObservations> {
  const observed: Mutable<LaunchObservations> = {
    account: input.account,
    venue: input.venue,
    testnet: input.testnet,
    apiKeyPresent: true,
    secretPresent: true,
    reachError: undefined,
    clockOffsetMs: undefined,
    maxClockOffsetMs: input.maxClockOffsetMs,
    restrictions: undefined,
    restrictionsError: undefined,
    positionMode: undefined,
    configuredLeverage: input.configuredLeverage,
    symbolSettings: [],
  };
  observed.reachError = await attempt(() => gateway.loadMarkets()).then((outcome) => (outcome.ok ? null : outcome.error));
  if (observed.reachError !== null) return observed;
  const clock = await attempt(() => gateway.syncClock());
  observed.clockOffsetMs = clock.ok ? clock.value.offsetMs : undefined;
  // A gateway bounded tighter than the check refuses the offset itself: its message names the value.
  if (!clock.ok) observed.clockError = clock.error;
  const restrictions = await attempt(() => gateway.fetchApiRestrictions());
  observed.restrictions = restrictions.ok ? restrictions.value : undefined;
  // A venue that reports key permissions but did not answer fails the check (not "unknown").
  observed.restrictionsError = restrictions.ok ? undefined : restrictions.error;
  if (input.readAccount === false) return observed;
  const settings = await attempt(() => gateway.fetchAccountSettings());
  observed.positionMode = settings.ok ? settings.value.positionMode : undefined;
  const positions = await attempt(() => gateway.fetchPositions(input.symbols));
  observed.symbolSettings = input.symbols.map((symbol) => {
    // A failed position query never reads as flat: the symbol is compared as unknown and fails.
    if (!positions.ok) return { symbol, marginMode: undefined, leverage: undefined, hasPosition: true };
    const position = positions.value.find((candidate) => candidate.symbol === symbol);
    return { symbol, marginMode: position?.marginMode, leverage: position?.leverage, hasPosition: position !== undefined };
  });
  return observed;
}

async function attempt<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
