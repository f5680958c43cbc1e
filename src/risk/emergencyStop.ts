import { isoWeekIndex, isoWeekStartMs, MS_PER_DAY } from './calendar.ts';
import { drawdownPct } from './drawdownPct.ts';
import {
  GLOBAL_ACCOUNT,
  TradingState,
  TradingStateTrigger,
  type AccountTradingState,
  type TradingStateChanged,
  type TradingStates,
} from './tradingState.ts';

// The quiet band's open ends, read from a module constant rather than Number.NEGATIVE_INFINITY: the
// getters are inlined into the backtest's bar loop, and a property load there that first runs when
// the account halts (no type feedback yet) would throw away the loop's optimised code mid-run.
const NO_LOWER_BOUND = -Infinity;

/** Trigger thresholds of one account; Infinity (percent) or 0 (count) switches a trigger off. */
export interface EmergencyStopSettings {
  /** Loss from the initial equity, percent, that fires. */
  readonly totalLossPct: number;
  readonly totalLossAction: 'REDUCING' | 'HALTED';
  /** Loss from the UTC day's start equity, percent. */
  readonly dailyDrawdownPct: number;
  readonly dailyDrawdownAction: 'REDUCING' | 'HALTED';
  /** Loss from the ISO week's start equity, percent. */
  readonly weeklyDrawdownPct: number;
  readonly weeklyDrawdownAction: 'REDUCING' | 'HALTED';
  /** Losing closed trades in a row. */
  readonly consecutiveLosses: number;
  readonly consecutiveLossesAction: 'REDUCING' | 'HALTED';
}

export interface EmergencyStopJSON {
  readonly account: string;
  readonly dayIndex: number | null;
  readonly weekIndex: number | null;
  readonly initialEquity: number | null;
  readonly dayStartEquity: number | null;
  readonly weekStartEquity: number | null;
  readonly peakEquity: number | null;
  readonly lastEquity: number | null;
  readonly consecutiveLosses: number;
  readonly totalLossFloor: number | null;
  readonly dayFloor: number | null;
  readonly weekFloor: number | null;
}

/**
 * The emergency stop of one account: fed the account's equity (`onEquity`, every bar or every bar
 * outside its quiet band) and every closed trade, it tracks UTC-day and ISO-week start equity, the
 * peak and the total loss, and fires its triggers into the shared TradingStates. Per bar it costs a
 * few comparisons; it allocates only when a trigger fires or a day rolls over a REDUCING cooldown.
 *
 * Day and week start equity are the first equity seen in that day or week. A REDUCING state from a
 * daily trigger or consecutive losses lifts at the next UTC day, from the weekly trigger at the next
 * ISO week; HALTED lifts only through `reset`, which also re-bases the trigger floors to the last
 * equity (a person accepted the loss; the profile guard keeps its own day and week references).
 */
export class EmergencyStop {
  private readonly record: AccountTradingState;
  private dayIndex = Number.NaN;
  /** The UTC day [dayStartMs, nextDayStartMs) of the last equity seen (a cache of dayIndex). */
  private dayStartMs = Number.NaN;
  private nextDayStartMs = Number.NaN;
  private weekIndex = Number.NaN;
  private initial = Number.NaN;
  private dayStart = Number.NaN;
  private weekStart = Number.NaN;
  private peak = Number.NaN;
  private last = Number.NaN;
  private losses = 0;
  // Equity at or below a floor fires its trigger; -Infinity when switched off.
  private totalLossFloor = Number.NEGATIVE_INFINITY;
  private dayFloor = Number.NEGATIVE_INFINITY;
  private weekFloor = Number.NEGATIVE_INFINITY;
  /** The highest of the three floors (NaN floors ignored): above it no trigger can fire. */
  private highestFloor = Number.NEGATIVE_INFINITY;
  /** Time and equity of an `onEquity` call, handed to `onEquityAt` as columns. */
  private readonly scratch = new Float64Array(2);

  constructor(
    readonly account: string,
    private readonly settings: EmergencyStopSettings,
    private readonly states: TradingStates,
  ) {
    this.record = states.record(account);
  }

  /** Equity at the start of the current UTC day (NaN before the first bar). */
  get dayStartEquity(): number {
    return this.dayStart;
  }
  /** Equity at the start of the current ISO week (NaN before the first bar). */
  get weekStartEquity(): number {
    return this.weekStart;
  }
  get peakEquity(): number {
    return this.peak;
  }
  /** First equity seen: the reference of the total-loss trigger. */
  get initialEquity(): number {
    return this.initial;
  }
  /** The last equity `onEquity` was given (a caller that skips quiet bars leaves it at the last one shown). */
  get lastEquity(): number {
    return this.last;
  }
  /**
   * The day's drawdown as a fraction of the daily limit: 0.8 is the playbook's "approaching the daily
   * limit". 0 when that trigger is off or before the first equity.
   */
  get dailyLimitUsedRatio(): number {
    const limitPct = this.settings.dailyDrawdownPct;
    const used = drawdownPct(this.dayStart, this.last) / limitPct;
    return limitPct > 0 && Number.isFinite(used) ? used : 0;
  }
  get consecutiveLosses(): number {
    return this.losses;
  }
  /** Loss from the initial equity, percent (0 when above it). */
  get totalLossPct(): number {
    return drawdownPct(this.initial, this.last);
  }
  /**
   * The stop's quiet band: until `quietUntilMs` (the next UTC day) an equity in (quietLowEquity,
   * quietHighEquity] (above every trigger floor, or any equity once HALTED; at most the peak) changes
   * nothing but `lastEquity`, so a caller may skip `onEquity` for it. -Infinity before the first equity.
   */
  get quietUntilMs(): number {
    return this.nextDayStartMs === this.nextDayStartMs ? this.nextDayStartMs : NO_LOWER_BOUND;
  }
  get quietLowEquity(): number {
    return this.record.state === TradingState.HALTED ? NO_LOWER_BOUND : this.highestFloor;
  }
  get quietHighEquity(): number {
    return this.peak;
  }
  /** The account's own trading state. */
  get state(): TradingState {
    return this.record.state;
  }
  /** Transitions of this account and of the global state, oldest first. */
  get events(): TradingStateChanged[] {
    return this.states.events.filter((event) => event.account === this.account || event.account === GLOBAL_ACCOUNT);
  }

  /** Per-bar update with the account's marked-to-market equity. NaN equity is ignored. */
  onEquity(timeMs: number, equity: number): void {
    this.scratch[0] = timeMs;
    this.scratch[1] = equity;
    this.onEquityAt(this.scratch, 0, this.scratch, 1);
  }

  /**
   * `onEquity` for a caller that holds the time and equity in columns (the backtest kernel, every
   * bar): `times[at]`, `equities[slot]`. Only references and small integers cross the call, so no
   * number is boxed when it is not inlined.
   */
  onEquityAt(times: Float64Array, at: number, equities: Float64Array, slot: number): void {
    const timeMs = times[at];
    const equity = equities[slot];
    if (equity !== equity) return;
    // One comparison per bar; the day index is computed only when the UTC day may have changed.
    // The rare calls below get the columns, not `timeMs` and `equity`: a double passed to calls on two
    // branches is boxed once where both branches meet, which is every bar.
    if (!(timeMs >= this.dayStartMs && timeMs < this.nextDayStartMs)) this.onDayBoundary(times, at, equities, slot);
    if (equity > this.peak) this.peak = equity;
    this.last = equity;
    // Small enough to be inlined where it is called every bar: the trigger checks, which build their
    // figures, run only at or below a floor (and return at once when HALTED: nothing is left to escalate).
    if (equity <= this.highestFloor) this.checkFloors(times, at, equities, slot);
  }

  private onDayBoundary(times: Float64Array, at: number, equities: Float64Array, slot: number): void {
    const timeMs = times[at];
    const equity = equities[slot];
    const day = Math.floor(timeMs / MS_PER_DAY);
    if (day !== this.dayIndex) this.onNewDay(day, timeMs, equity);
    this.dayStartMs = day * MS_PER_DAY;
    this.nextDayStartMs = this.dayStartMs + MS_PER_DAY;
  }

  private checkFloors(times: Float64Array, at: number, equities: Float64Array, slot: number): void {
    const timeMs = times[at];
    const equity = equities[slot];
    const state = this.record.state;
    if (state === TradingState.HALTED) return;
    if (equity <= this.totalLossFloor && this.escalates(this.settings.totalLossAction, state)) {
      this.fire(this.settings.totalLossAction, TradingStateTrigger.TOTAL_LOSS, timeMs, null, {
        equity,
        initialEquity: this.initial,
        lossPct: drawdownPct(this.initial, equity),
        limitPct: this.settings.totalLossPct,
      });
    } else if (equity <= this.dayFloor && this.escalates(this.settings.dailyDrawdownAction, state)) {
      this.fire(this.settings.dailyDrawdownAction, TradingStateTrigger.DAILY_DRAWDOWN, timeMs, this.nextDayStartMs, {
        equity,
        dayStartEquity: this.dayStart,
        drawdownPct: drawdownPct(this.dayStart, equity),
        limitPct: this.settings.dailyDrawdownPct,
      });
    } else if (equity <= this.weekFloor && this.escalates(this.settings.weeklyDrawdownAction, state)) {
      this.fire(this.settings.weeklyDrawdownAction, TradingStateTrigger.WEEKLY_DRAWDOWN, timeMs, isoWeekStartMs(this.weekIndex + 1), {
        equity,
        weekStartEquity: this.weekStart,
        drawdownPct: drawdownPct(this.weekStart, equity),
        limitPct: this.settings.weeklyDrawdownPct,
      });
    }
  }

  /** A trade closed with `pnl` (account currency, after fees); a non-negative result ends a losing run. */
  onTradeClosed(pnl: number, timeMs: number): void {
    if (!(pnl < 0)) {
      this.losses = 0;
      return;
    }
    this.losses++;
    const limit = this.settings.consecutiveLosses;
    if (limit > 0 && this.losses >= limit && this.escalates(this.settings.consecutiveLossesAction, this.record.state)) {
      const releaseAtMs = (Math.floor(timeMs / MS_PER_DAY) + 1) * MS_PER_DAY;
      this.fire(this.settings.consecutiveLossesAction, TradingStateTrigger.CONSECUTIVE_LOSSES, timeMs, releaseAtMs, {
        consecutiveLosses: this.losses,
        limit,
        lastPnl: pnl,
      });
      this.losses = 0;
    }
  }

  /** Manual kill switch for this account. */
  kill(reason: string, timeMs: number): void {
    this.states.kill(this.account, reason, timeMs);
  }

  /**
   * Back to ACTIVE with a reason; the trigger floors re-base to `equity`, the account's equity at the
   * reset (by default the last equity seen).
   */
  reset(reason: string, timeMs: number, equity: number = this.last): void {
    this.states.reset(this.account, reason, timeMs);
    this.losses = 0;
    if (equity === equity) {
      this.last = equity;
      this.totalLossFloor = floorOf(equity, this.settings.totalLossPct);
      this.dayFloor = floorOf(equity, this.settings.dailyDrawdownPct);
      this.weekFloor = floorOf(equity, this.settings.weeklyDrawdownPct);
      this.floorsChanged();
    }
  }

  toJSON(): EmergencyStopJSON {
    return {
      account: this.account,
      dayIndex: finiteOrNull(this.dayIndex),
      weekIndex: finiteOrNull(this.weekIndex),
      initialEquity: finiteOrNull(this.initial),
      dayStartEquity: finiteOrNull(this.dayStart),
      weekStartEquity: finiteOrNull(this.weekStart),
      peakEquity: finiteOrNull(this.peak),
      lastEquity: finiteOrNull(this.last),
      consecutiveLosses: this.losses,
      totalLossFloor: finiteOrNull(this.totalLossFloor),
      dayFloor: finiteOrNull(this.dayFloor),
      weekFloor: finiteOrNull(this.weekFloor),
    };
  }

  static fromJSON(json: EmergencyStopJSON, settings: EmergencyStopSettings, states: TradingStates): EmergencyStop {
    const stop = new EmergencyStop(json.account, settings, states);
    stop.dayIndex = json.dayIndex ?? Number.NaN;
    stop.weekIndex = json.weekIndex ?? Number.NaN;
    stop.initial = json.initialEquity ?? Number.NaN;
    stop.dayStart = json.dayStartEquity ?? Number.NaN;
    stop.weekStart = json.weekStartEquity ?? Number.NaN;
    stop.peak = json.peakEquity ?? Number.NaN;
    stop.last = json.lastEquity ?? Number.NaN;
    stop.losses = json.consecutiveLosses;
    stop.totalLossFloor = json.totalLossFloor ?? Number.NEGATIVE_INFINITY;
    stop.dayFloor = json.dayFloor ?? Number.NEGATIVE_INFINITY;
    stop.weekFloor = json.weekFloor ?? Number.NEGATIVE_INFINITY;
    stop.floorsChanged();
    return stop;
  }

  private onNewDay(day: number, timeMs: number, equity: number): void {
    if (this.initial !== this.initial) {
      this.initial = equity;
      this.peak = equity;
      this.totalLossFloor = floorOf(equity, this.settings.totalLossPct);
    }
    this.dayIndex = day;
    this.dayStart = equity;
    this.dayFloor = floorOf(equity, this.settings.dailyDrawdownPct);
    const week = isoWeekIndex(day);
    if (week !== this.weekIndex) {
      this.weekIndex = week;
      this.weekStart = equity;
      this.weekFloor = floorOf(equity, this.settings.weeklyDrawdownPct);
    }
    this.floorsChanged();
    // Only a REDUCING state has a cooldown to lift.
    if (this.record.state === TradingState.REDUCING) this.states.releaseIfDue(this.account, timeMs);
  }

  private floorsChanged(): void {
    let highest = Number.NEGATIVE_INFINITY;
    if (this.totalLossFloor > highest) highest = this.totalLossFloor;
    if (this.dayFloor > highest) highest = this.dayFloor;
    if (this.weekFloor > highest) highest = this.weekFloor;
    this.highestFloor = highest;
  }

  private escalates(action: 'REDUCING' | 'HALTED', state: TradingState): boolean {
    return action === TradingState.HALTED ? state !== TradingState.HALTED : state === TradingState.ACTIVE;
  }

  private fire(
    action: 'REDUCING' | 'HALTED',
    trigger: TradingStateTrigger,
    timeMs: number,
    releaseAtMs: number | null,
    figures: Record<string, number>,
  ): void {
    this.states.escalate(this.account, action, trigger, timeMs, figures, { releaseAtMs: action === TradingState.REDUCING ? releaseAtMs : null });
  }
}

function floorOf(equity: number, lossPct: number): number {
  return Number.isFinite(lossPct) ? equity * (1 - lossPct / 100) : Number.NEGATIVE_INFINITY;
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
