import { FailoverEventKind, SWITCH_KINDS, type FailoverEvent } from './failoverEvent.ts';
import { HealthState } from './healthThresholds.ts';

/** One sleeve's accounts: the primary and its fallbacks in order of preference. */
export interface SleeveRoute {
  readonly sleeve: string;
  readonly primary: string;
  readonly fallbacks: readonly string[];
}

/** When to switch, as data (config `routing.failover`). */
export interface FailoverSettings {
  /** A DEGRADED account counts as failed once it has been DEGRADED this long, ms (DOWN fails at once). */
  readonly degradedForMs: number;
  /** The primary takes entries back once it has been HEALTHY this long and the sleeve is flat elsewhere, ms. */
  readonly failbackAfterHealthyMs: number;
  /** This many switches within `switchWindowMs` stop the sleeve's new entries until acknowledged (playbook: 3 in an hour). */
  readonly maxSwitchesPerWindow: number;
  readonly switchWindowMs: number;
}

export interface AccountHealth {
  readonly state: HealthState;
  readonly stateSinceMs: number;
}

export interface FailoverInput {
  readonly route: SleeveRoute;
  readonly settings: FailoverSettings;
  /** The sleeve's stored events, oldest first: the routing state is rebuilt from them (restart-safe, and an ack from another process counts). */
  readonly events: readonly FailoverEvent[];
  readonly nowMs: number;
  /** Latest health of an account; undefined: not known yet (never chosen as a fallback). */
  readonly health: (account: string) => AccountHealth | undefined;
  /** The account holding the sleeve's open position (or working orders); undefined when flat everywhere. */
  readonly holder: string | undefined;
  readonly actor: string;
}

/** Where the sleeve's orders go now. */
export interface SleeveRouting {
  readonly sleeve: string;
  /** Account new entries of a flat sleeve go to; undefined: no entry may be opened (`entriesBlockedReason`). */
  readonly entryAccount: string | undefined;
  readonly entriesBlockedReason: string | undefined;
  /** Account exits (and the protective stop) go to: the one holding the position. */
  readonly exitAccount: string | undefined;
  /** Set when the holder cannot be reached: the position is NOT_READY (never hedged on another venue). */
  readonly notReadyReason: string | undefined;
}

export interface FailoverDecision {
  /** Events to store, log, count and alert on, in order. */
  readonly events: FailoverEvent[];
  readonly routing: SleeveRouting;
}

interface RouteState {
  active: string;
  entriesStopped: boolean;
  lastAckMs: number;
  notReadyOn: string | undefined;
}

/** The routing state the stored events leave behind. */
export function replayFailoverEvents(route: SleeveRoute, events: readonly FailoverEvent[]): RouteState {
  const state: RouteState = { active: route.primary, entriesStopped: false, lastAckMs: Number.NEGATIVE_INFINITY, notReadyOn: undefined };
  for (const event of events) {
    if (SWITCH_KINDS.has(event.kind) && event.toAccount !== null) state.active = event.toAccount;
    else if (event.kind === FailoverEventKind.ENTRIES_STOPPED) state.entriesStopped = true;
    else if (event.kind === FailoverEventKind.ACKNOWLEDGED) {
      state.entriesStopped = false;
      state.lastAckMs = event.atMs;
    } else if (event.kind === FailoverEventKind.NOT_READY) state.notReadyOn = event.fromAccount ?? undefined;
    else if (event.kind === FailoverEventKind.READY) state.notReadyOn = undefined;
  }
  return state;
}

/**
 * The failover policy of one sleeve (pure: time comes in as `nowMs`). The active account fails when
 * it is DOWN, or DEGRADED for `degradedForMs`; then new entries go to the first HEALTHY fallback. An
 * open position stays where it is: its exits go to the account holding it, and when that account
 * fails the position is NOT_READY (an alert), never hedged elsewhere. Entries return to the primary
 * after it has been HEALTHY for `failbackAfterHealthyMs` and the sleeve is flat on the fallback.
 */
export function decideFailover(input: FailoverInput): FailoverDecision {
  const { route, settings, nowMs, holder } = input;
  const state = replayFailoverEvents(route, input.events);
  const events: FailoverEvent[] = [];
  const emit = (kind: FailoverEventKind, fromAccount: string | null, toAccount: string | null, reason: string): void => {
    events.push({ atMs: nowMs, sleeve: route.sleeve, account: route.primary, kind, fromAccount, toAccount, reason, actor: input.actor });
  };
  const failedReason = (account: string): string | undefined => {
    const health = input.health(account);
    if (health === undefined) return undefined;
    if (health.state === HealthState.DOWN) return `${account} is DOWN`;
    const degradedMs = nowMs - health.stateSinceMs;
    if (health.state === HealthState.DEGRADED && degradedMs >= settings.degradedForMs) return `${account} DEGRADED for ${Math.round(degradedMs / 1000)} s (limit ${settings.degradedForMs / 1000} s)`;
    return undefined;
  };
  const healthyFor = (account: string): number => {
    const health = input.health(account);
    return health?.state === HealthState.HEALTHY ? nowMs - health.stateSinceMs : -1;
  };

  // The position first: it is managed only where it is.
  const holderFailure = holder === undefined ? undefined : failedReason(holder);
  if (holder !== undefined && holderFailure !== undefined && state.notReadyOn !== holder) {
    emit(FailoverEventKind.NOT_READY, holder, null, `open position on ${holder}, which cannot be reached (${holderFailure}): exits wait for it, nothing is hedged elsewhere`);
    state.notReadyOn = holder;
  } else if (state.notReadyOn !== undefined && (holder === undefined || holderFailure === undefined)) {
    emit(FailoverEventKind.READY, state.notReadyOn, null, holder === undefined ? 'the sleeve is flat' : `${holder} answers again`);
    state.notReadyOn = undefined;
  }

  const activeFailure = failedReason(state.active);
  if (activeFailure !== undefined) {
    // Back to the primary only once it has been healthy for the failback time, like a planned failback.
    const target = [route.primary, ...route.fallbacks].find(
      (account) => account !== state.active && (account === route.primary ? healthyFor(account) >= settings.failbackAfterHealthyMs : healthyFor(account) >= 0),
    );
    if (target !== undefined) {
      emit(target === route.primary ? FailoverEventKind.FAILBACK : FailoverEventKind.FAILOVER, state.active, target, `${activeFailure}: new entries go to ${target}`);
      state.active = target;
    }
  } else if (state.active !== route.primary && healthyFor(route.primary) >= settings.failbackAfterHealthyMs && (holder === undefined || holder === route.primary)) {
    emit(FailoverEventKind.FAILBACK, state.active, route.primary, `${route.primary} HEALTHY for ${Math.round(healthyFor(route.primary) / 1000)} s and the sleeve is flat on ${state.active}`);
    state.active = route.primary;
  }

  if (events.some((event) => SWITCH_KINDS.has(event.kind)) && !state.entriesStopped) {
    const since = Math.max(nowMs - settings.switchWindowMs, state.lastAckMs);
    const switches = [...input.events, ...events].filter((event) => SWITCH_KINDS.has(event.kind) && event.atMs > since).length;
    if (switches >= settings.maxSwitchesPerWindow) {
      emit(FailoverEventKind.ENTRIES_STOPPED, null, null, `${switches} switches within ${settings.switchWindowMs / 60_000} min (limit ${settings.maxSwitchesPerWindow}): no new entries until an operator acknowledges (rampart exchanges ack)`);
      state.entriesStopped = true;
    }
  }

  const stillFailed = failedReason(state.active);
  const entriesBlockedReason = state.entriesStopped
    ? `entries stopped after repeated failovers: acknowledge with rampart exchanges ack --sleeve ${route.sleeve}`
    : stillFailed !== undefined
      ? `${stillFailed} and no fallback is HEALTHY`
      : undefined;
  return {
    events,
    routing: {
      sleeve: route.sleeve,
      entryAccount: entriesBlockedReason === undefined ? state.active : undefined,
      entriesBlockedReason,
      exitAccount: holder,
      notReadyReason: holder !== undefined && holderFailure !== undefined ? `position on ${holder}: ${holderFailure}` : undefined,
    },
  };
}

/** The operator's acknowledgement of a stopped sleeve, as an event to store. */
export function acknowledgeFailovers(route: SleeveRoute, nowMs: number, actor: string, reason: string): FailoverEvent {
  return { atMs: nowMs, sleeve: route.sleeve, account: route.primary, kind: FailoverEventKind.ACKNOWLEDGED, fromAccount: null, toAccount: null, reason, actor };
}
