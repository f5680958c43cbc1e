import { checkCorrelatedExposure } from './checks/correlatedExposure.ts';
import { checkDailyDrawdown } from './checks/dailyDrawdown.ts';
import { checkDataAge } from './checks/dataAge.ts';
import { checkMarginBudget } from './checks/marginBudget.ts';
import { checkMaxLeverage } from './checks/maxLeverage.ts';
import { checkMaxOrderSize } from './checks/maxOrderSize.ts';
import { checkMaxPositions } from './checks/maxPositions.ts';
import { checkMaxSpread } from './checks/maxSpread.ts';
import { checkMinConfidence } from './checks/minConfidence.ts';
import { checkOrderValues } from './checks/orderValues.ts';
import { checkPositionNotional } from './checks/positionNotional.ts';
import { checkPriceCollar } from './checks/priceCollar.ts';
import { checkReduceOnly } from './checks/reduceOnly.ts';
import { checkRiskPerTrade } from './checks/riskPerTrade.ts';
import { checkStrategyAllowed } from './checks/strategyAllowed.ts';
import { checkSymbolAllowed } from './checks/symbolAllowed.ts';
import { checkSymbolExposure } from './checks/symbolExposure.ts';
import { checkTradingSession } from './checks/tradingSession.ts';
import { checkTradingState, type StateScope } from './checks/tradingStateGate.ts';
import { checkVolatilityClamp } from './checks/volatilityClamp.ts';
import { checkWeeklyDrawdown } from './checks/weeklyDrawdown.ts';
import { drawdownPct } from './drawdownPct.ts';
import { largestPassing } from './largestPassing.ts';
import { DuplicateWindow, type DuplicateWindowJSON } from './duplicateWindow.ts';
import { EmergencyStop, type EmergencyStopJSON, type EmergencyStopSettings } from './emergencyStop.ts';
import { exposedSymbols, increasesExposure, positionQuantity, sumOverSymbols, symbolMargin, symbolNotional } from './exposure.ts';
import { GUARDRAIL_PRESETS, type GuardrailSettings } from './guardrailPresets.ts';
import type { OrderIntent } from './orderIntent.ts';
import { OrderThrottle, type OrderThrottleJSON } from './orderThrottle.ts';
import type { CapitalProfile } from './profiles/capitalProfile.ts';
import { resolveProfile } from './profiles/resolveProfile.ts';
import { RESEARCH_PRESET } from './profiles/researchPreset.ts';
import { riskConfigSchema, type RiskConfig, type RiskConfigInput } from './riskConfig.ts';
import { APPROVED, denied, type ResizeReason, type RiskDecision, type RiskDenial } from './riskDecision.ts';
import type { RiskSnapshot } from './riskSnapshot.ts';
import { riskLevel, type RiskMeasure, type RiskStatus } from './riskStatus.ts';
import { effectiveStopDistance, sizeToRisk } from './sizeToRisk.ts';
import { GLOBAL_ACCOUNT, moreSevere, TradingState, TradingStateTrigger, TradingStates, type TradingStatesJSON } from './tradingState.ts';

/** An entry's admitted size and the rule that last shrank it (null: as asked). */
interface SizedEntry {
  readonly quantity: number;
  readonly reason: ResizeReason | null;
}

/** Everything a restart needs to carry over: trading states (HALTED survives), windows, emergency-stop references. */
export interface RiskEngineJSON {
  readonly tradingStates: TradingStatesJSON;
  readonly throttle: OrderThrottleJSON;
  readonly duplicates: DuplicateWindowJSON;
  readonly emergencyStops: readonly EmergencyStopJSON[];
}

/**
 * The pre-trade risk engine: every order intent of every mode passes `check` before it may reach a
 * venue. Checks run in a fixed order and the first denial wins:
 *  1. order values; trading state (ACTIVE/REDUCING/HALTED); reduce-only;
 *  2. order sanity: symbol allow-list, max quantity/notional, price collar, duplicates, throttle;
 *  3. for orders that increase exposure only: guardrails (data age, session, spread, confidence,
 *     volatility clamp), profile guard (strategy, daily/weekly drawdown, positions, sizer, risk per
 *     trade, size cap, leverage) and portfolio gate (margin, symbol exposure, correlated exposure).
 * Mutable state is limited to the throttle and duplicate windows and the trading states.
 */
export class RiskEngine {
  readonly states: TradingStates;
  readonly guardrails: GuardrailSettings;
  private readonly profiles = new Map<string, CapitalProfile>();
  private readonly stops = new Map<string, EmergencyStop>();
  private readonly throttle: OrderThrottle;
  private readonly duplicates: DuplicateWindow;

  constructor(
    readonly config: RiskConfig,
    saved?: RiskEngineJSON,
  ) {
    for (const account of Object.keys(config.accounts)) {
      this.profiles.set(account, resolveProfile(config.accounts[account], config.profiles, `accounts.${account}`));
    }
    const { preset, sessions: _sessions, ...overrides } = config.guardrails;
    const chosen: Record<string, unknown> = { ...GUARDRAIL_PRESETS[preset] };
    for (const [key, value] of Object.entries(overrides)) if (value !== undefined) chosen[key] = value;
    this.guardrails = chosen as unknown as GuardrailSettings;
    this.states = saved === undefined ? new TradingStates() : TradingStates.fromJSON(saved.tradingStates);
    this.throttle = saved === undefined ? new OrderThrottle(config.sanity) : OrderThrottle.fromJSON(config.sanity, saved.throttle);
    this.duplicates =
      saved === undefined ? new DuplicateWindow(config.sanity.duplicateWindowMs) : DuplicateWindow.fromJSON(config.sanity.duplicateWindowMs, saved.duplicates);
    for (const stop of saved?.emergencyStops ?? []) {
      this.stops.set(stop.account, EmergencyStop.fromJSON(stop, this.emergencySettings(stop.account), this.states));
    }
  }

  /** Validates raw config (throws a ZodError listing every issue) and builds an engine. */
  static fromConfig(input: RiskConfigInput): RiskEngine {
    return new RiskEngine(riskConfigSchema.parse(input));
  }

  /** Restores an engine saved with `toJSON()`; HALTED states stay HALTED. */
  static fromJSON(config: RiskConfig, json: RiskEngineJSON): RiskEngine {
    return new RiskEngine(config, json);
  }

  toJSON(): RiskEngineJSON {
    return {
      tradingStates: this.states.toJSON(),
      throttle: this.throttle.toJSON(),
      duplicates: this.duplicates.toJSON(),
      emergencyStops: [...this.stops.values()].map((stop) => stop.toJSON()),
    };
  }

  /** The account's capital profile (the most cautious preset when none is configured). */
  profileOf(account: string): CapitalProfile {
    let profile = this.profiles.get(account);
    if (profile === undefined) {
      // Under `risk: research` an account nobody listed is a research account too.
      profile = this.config.preset === RESEARCH_PRESET ? resolveProfile(RESEARCH_PRESET, this.config.profiles) : resolveProfile(undefined);
      this.profiles.set(account, profile);
    }
    return profile;
  }

  /** The account's emergency stop, bound to this engine's trading states (one per account, created on first use). */
  emergencyStop(account: string): EmergencyStop {
    let stop = this.stops.get(account);
    if (stop === undefined) {
      stop = new EmergencyStop(account, this.emergencySettings(account), this.states);
      this.stops.set(account, stop);
    }
    return stop;
  }

  /** The state governing the account's orders (its own, the global one; the snapshot's is added in `check`). */
  tradingState(account: string): TradingState {
    return this.states.effectiveState(account);
  }

  /** Kill switch for an account, or for all with GLOBAL_ACCOUNT. */
  kill(account: string, reason: string, timeMs: number): void {
    this.states.kill(account, reason, timeMs);
  }

  /**
   * A person re-enables trading (needs a reason); also clears the throttle's breach count. The
   * account's emergency-stop floors re-base to `equity`, its equity at the reset (by default the
   * last equity the stop saw).
   */
  reset(account: string, reason: string, timeMs: number, equity?: number): void {
    const stop = this.stops.get(account);
    if (stop === undefined) this.states.reset(account, reason, timeMs);
    else stop.reset(reason, timeMs, equity);
    this.throttle.clearBreaches(account);
  }

  check(intent: OrderIntent, snapshot: RiskSnapshot): RiskDecision {
    const admitted = this.checkAdmission(intent, positionQuantity(snapshot, intent.symbol), snapshot.tradingState);
    if (typeof admitted !== 'number') return denied(admitted);
    return this.checkAdmitted(intent, snapshot, admitted);
  }

  /**
   * The rest of `check` for an intent that `checkAdmission` admitted (`admitted`: the quantity it
   * allows), asked with the snapshot's net position on the symbol and its trading state: a caller
   * that asked `checkAdmission` first does not pay for it twice.
   */
  checkAdmitted(intent: OrderIntent, snapshot: RiskSnapshot, admitted: number): RiskDecision {
    const position = positionQuantity(snapshot, intent.symbol);
    let quantity = intent.quantity;
    let reason: ResizeReason | null = null;
    if (admitted < quantity) {
      quantity = admitted;
      reason = 'REDUCING_CLIPPED';
    }
    const reduceOnly = checkReduceOnly(intent, position);
    if (typeof reduceOnly !== 'number') return denied(reduceOnly);
    if (reduceOnly < quantity) {
      quantity = reduceOnly;
      reason = 'REDUCE_ONLY_CLIPPED';
    }

    const sanity = this.config.sanity;
    const insane =
      checkSymbolAllowed(intent.symbol, sanity.allowedSymbols) ??
      checkMaxOrderSize(quantity, intent.price, sanity.maxOrderQuantity[intent.symbol], sanity.maxOrderNotional) ??
      checkPriceCollar(intent.symbol, intent.price, intent.timeMs, snapshot.markets[intent.symbol], sanity.priceCollarPct, sanity.maxMarkAgeMs) ??
      this.duplicates.check(intent);
    if (insane !== undefined) return denied(insane);
    const increases = increasesExposure(position, intent.side, quantity);
    // Exits stay possible during a message storm: the venue exempts reduce-only orders from its throttle too.
    if (increases || !intent.reduceOnly) {
      const throttled = this.throttle.admit(intent.account, intent.timeMs);
      if (throttled !== undefined) return denied(this.onThrottleBreach(intent, throttled));
    }

    if (increases) {
      const entry = this.checkEntry(intent, quantity, snapshot);
      if ('code' in entry) return denied(entry);
      if (entry.reason !== null && entry.quantity < quantity) {
        quantity = entry.quantity;
        reason = entry.reason;
      }
    }

    this.throttle.record(intent.account, intent.timeMs);
    this.duplicates.record(intent);
    if (reason === null || quantity >= intent.quantity) return APPROVED;
    return { kind: 'resized', originalQuantity: intent.quantity, quantity, reason };
  }

  /**
   * The first checks of `check`, which need no market data: the order's own values, then the trading
   * state (REDUCING admits only what reduces `position`, the symbol's net position; HALTED only
   * reduce-only exits). Returns the denial, or the quantity the state admits. `check` begins with
   * exactly this, so a caller may ask it first and build the full snapshot only for orders that pass
   * (a halted account's entries are denied here, whatever the markets say).
   */
  checkAdmission(intent: OrderIntent, position: number, externalState: TradingState | undefined): RiskDenial | number {
    const invalid = checkOrderValues(intent);
    if (invalid !== undefined) return invalid;
    const state = this.governingState(intent.account, externalState);
    // The scope only names a denial; ACTIVE, the usual case, needs none (and no array per order).
    const scope = state === TradingState.ACTIVE ? 'account' : this.stateScope(intent.account, state);
    return checkTradingState(state, scope, intent, position);
  }

  /** Status of one account: its measures against their limits, WARNING at `warningFraction`, CRITICAL on breach or halt. */
  status(account: string, snapshot: RiskSnapshot): RiskStatus {
    const profile = this.profileOf(account);
    const emergency = this.config.emergency;
    const measures: RiskMeasure[] = [];
    const dayLossPct = drawdownPct(snapshot.dayStartEquity, snapshot.equity);
    const weekLossPct = drawdownPct(snapshot.weekStartEquity, snapshot.equity);
    if (profile.dailyDrawdownPct !== undefined) measures.push({ name: 'dailyDrawdownPct', value: dayLossPct, limit: profile.dailyDrawdownPct });
    if (profile.weeklyDrawdownPct !== undefined) measures.push({ name: 'weeklyDrawdownPct', value: weekLossPct, limit: profile.weeklyDrawdownPct });
    if (emergency.dailyDrawdown.enabled) measures.push({ name: 'emergencyDailyDrawdownPct', value: dayLossPct, limit: emergency.dailyDrawdown.drawdownPct });
    const stop = this.stops.get(account);
    if (stop !== undefined && emergency.totalLoss.enabled) measures.push({ name: 'totalLossPct', value: stop.totalLossPct, limit: emergency.totalLoss.lossPct });
    if (stop !== undefined && emergency.consecutiveLosses.enabled) {
      measures.push({ name: 'consecutiveLosses', value: stop.consecutiveLosses, limit: emergency.consecutiveLosses.count });
    }
    const equity = snapshot.equity;
    const margin = sumOverSymbols(snapshot, undefined, 0, 0, symbolMargin);
    const gross = sumOverSymbols(snapshot, undefined, 0, 0, symbolNotional);
    measures.push({ name: 'marginPct', value: equity > 0 ? (margin / equity) * 100 : Number.NaN, limit: this.config.portfolio.maxMarginPct });
    measures.push({ name: 'leverage', value: equity > 0 ? gross / equity : Number.NaN, limit: profile.maxLeverage });
    if (profile.maxPositions !== undefined) {
      // At the limit is allowed for positions, so "value ≥ limit" (CRITICAL) starts one past it.
      measures.push({ name: 'openPositionsOverMax', value: exposedSymbols(snapshot).size, limit: profile.maxPositions + 1 });
    }
    const state = this.governingState(account, snapshot.tradingState);
    return { level: riskLevel(measures, state, this.config.warningFraction), state, measures };
  }

  /** Guardrails, profile guard and portfolio gate for an exposure-increasing order: the quantity that fits, or a denial. */
  private checkEntry(intent: OrderIntent, asked: number, snapshot: RiskSnapshot): RiskDenial | SizedEntry {
    const market = snapshot.markets[intent.symbol];
    const rails = this.guardrails;
    const railed =
      checkDataAge(market, intent.timeMs, rails.maxDataAgeSec) ??
      // Most setups block no session: no call (and no boxed time) per entry then.
      (rails.blockedSessions.length === 0 ? undefined : checkTradingSession(intent.timeMs, rails.blockedSessions, this.config.guardrails.sessions)) ??
      checkMaxSpread(market, rails.maxSpreadAtrFraction) ??
      checkMinConfidence(intent.confidence, rails.minConfidence);
    if (railed !== undefined) return railed;
    let quantity = asked;
    let reason: ResizeReason | null = null;
    const clamp = checkVolatilityClamp(market, rails.maxAtrPct, rails.volatilityMode);
    if (typeof clamp !== 'number') return clamp;
    if (clamp < 1) {
      quantity *= clamp;
      reason = 'VOLATILITY_SCALE';
    }

    const profile = this.profileOf(intent.account);
    if (!(snapshot.equity > 0)) return { code: 'INVALID_SNAPSHOT', field: 'equity', value: snapshot.equity };
    const guarded =
      checkStrategyAllowed(intent.strategy, profile) ??
      checkDailyDrawdown(snapshot.dayStartEquity, snapshot.equity, profile.dailyDrawdownPct) ??
      checkWeeklyDrawdown(snapshot.weekStartEquity, snapshot.equity, profile.weeklyDrawdownPct) ??
      checkMaxPositions(intent.symbol, snapshot, profile.maxPositions);
    if (guarded !== undefined) return guarded;
    const assumedStopPct = this.config.profileGuard.assumedStopPct;
    const sized = sizeToRisk(intent, quantity, snapshot, profile, assumedStopPct);
    // Nothing fits: run the limits on the asked size so the denial carries the numbers that forbid it.
    const askedQuantity = quantity;
    if (sized.reason !== null && sized.quantity > 0) {
      quantity = sized.quantity;
      reason = sized.reason;
    }
    const portfolio = this.config.portfolio;
    // Most entries fit every portfolio limit as they are: check that once, and fit only when not.
    const fitsAsIs =
      sized.quantity > 0 && checkPortfolio(intent, quantity, snapshot, profile.maxLeverage, portfolio) === undefined;
    if (sized.quantity > 0 && !fitsAsIs) {
      // Portfolio limits shrink an entry to the room left, like the sizer; only what cannot fit at all is denied.
      const fits: ReadonlyArray<[ResizeReason, (size: number) => RiskDenial | undefined]> = [
        ['LEVERAGE_CAP', (size) => checkMaxLeverage(intent, size, snapshot, profile.maxLeverage)],
        ['MARGIN_BUDGET', (size) => checkMarginBudget(intent, size, snapshot, portfolio.maxMarginPct)],
        ['SYMBOL_EXPOSURE_CAP', (size) => checkSymbolExposure(intent, size, snapshot, portfolio.maxSymbolExposurePct)],
        ['CORRELATED_EXPOSURE_CAP', (size) => checkCorrelatedExposure(intent, size, snapshot, portfolio)],
      ];
      for (const [why, check] of fits) {
        const fitted = largestPassing(quantity, (size) => check(size) === undefined);
        if (fitted > 0 && fitted < quantity) {
          quantity = fitted;
          reason = why;
        }
      }
    }
    const tried = sized.quantity > 0 ? quantity : askedQuantity;
    const limited =
      checkRiskPerTrade(tried, effectiveStopDistance(intent, assumedStopPct), snapshot.equity, profile.riskPerTradePct) ??
      checkPositionNotional(intent, tried, snapshot, profile.maxPositionNotional) ??
      (fitsAsIs ? undefined : checkPortfolio(intent, tried, snapshot, profile.maxLeverage, portfolio));
    return limited ?? { quantity, reason };
  }


  private governingState(account: string, externalState: TradingState | undefined): TradingState {
    return moreSevere(this.states.effectiveState(account), externalState ?? TradingState.ACTIVE);
  }

  /** Whose state `state` (the governing one) is: the account's own, else the global one, else the snapshot's. */
  private stateScope(account: string, state: TradingState): StateScope {
    return this.states.accountState(account) === state ? 'account' : this.states.accountState(GLOBAL_ACCOUNT) === state ? 'global' : 'external';
  }

  private onThrottleBreach(intent: OrderIntent, denial: RiskDenial): RiskDenial {
    if (denial.code === 'ORDER_RATE_EXCEEDED' && denial.breaches >= denial.breachesToHalt) {
      this.states.escalate(intent.account, TradingState.HALTED, TradingStateTrigger.ORDER_THROTTLE, intent.timeMs, {
        breaches: denial.breaches,
        breachesToHalt: denial.breachesToHalt,
        maxOrders: denial.maxOrders,
        windowMs: denial.windowMs,
      });
    }
    return denial;
  }

  private emergencySettings(account: string): EmergencyStopSettings {
    const emergency = this.config.emergency;
    const off = Number.POSITIVE_INFINITY;
    const profile = this.profileOf(account);
    const weeklyPct = emergency.weeklyDrawdown.drawdownPct ?? profile.weeklyDrawdownPct ?? off;
    const emergencyDailyPct = emergency.dailyDrawdown.enabled ? emergency.dailyDrawdown.drawdownPct : off;
    // Playbook §6 scenario 2: a breach of the profile's daily limit locks the account until a person
    // resets it (HALTED), not merely until the next day, so the stop fires at the tighter of the two.
    const profileLocks = profile.dailyDrawdownPct !== undefined && profile.dailyDrawdownPct <= emergencyDailyPct;
    return {
      totalLossPct: emergency.totalLoss.enabled ? emergency.totalLoss.lossPct : off,
      totalLossAction: emergency.totalLoss.action,
      dailyDrawdownPct: profileLocks ? (profile.dailyDrawdownPct as number) : emergencyDailyPct,
      dailyDrawdownAction: profileLocks ? TradingState.HALTED : emergency.dailyDrawdown.action,
      weeklyDrawdownPct: emergency.weeklyDrawdown.enabled ? weeklyPct : off,
      weeklyDrawdownAction: emergency.weeklyDrawdown.action,
      consecutiveLosses: emergency.consecutiveLosses.enabled ? emergency.consecutiveLosses.count : 0,
      consecutiveLossesAction: emergency.consecutiveLosses.action,
    };
  }
}

/** The portfolio gate's limits on an entry of `quantity`, first denial wins. */
function checkPortfolio(
  intent: OrderIntent,
  quantity: number,
  snapshot: RiskSnapshot,
  maxLeverage: number,
  portfolio: RiskConfig['portfolio'],
): RiskDenial | undefined {
  return (
    checkMaxLeverage(intent, quantity, snapshot, maxLeverage) ??
    checkMarginBudget(intent, quantity, snapshot, portfolio.maxMarginPct) ??
    checkSymbolExposure(intent, quantity, snapshot, portfolio.maxSymbolExposurePct) ??
    checkCorrelatedExposure(intent, quantity, snapshot, portfolio)
  );
}
