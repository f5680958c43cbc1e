import { isolatedLiquidationPrice } from '../../domain/position/liquidationPrice.ts';
import { isolatedMargin } from '../../domain/position/isolatedMargin.ts';
import { StressSeverity, type StressAccount, type StressPosition, type StressScenario, type StressSeverityRules } from './stressScenario.ts';

export interface StressPositionResult {
  readonly symbol: string;
  readonly quantity: number;
  readonly markPrice: number;
  /** Price after the scenario (the mark for a funding spike). */
  readonly stressedPrice: number;
  /** Change of the position's value from the mark, account currency (a liquidated position loses at most its margin). */
  readonly pnl: number;
  /** Initial margin of the position (isolated): |quantity| × entry / leverage. */
  readonly marginUsed: number;
  readonly liquidationPrice: number;
  /** Distance from the stressed price to the liquidation price, percent of the stressed price, ≤ 0 when liquidated. */
  readonly distanceToLiquidationPct: number;
  readonly liquidated: boolean;
  /** Volatility spike: whether the move passes the stop, and the loss beyond it (the gap). */
  readonly stopHit?: boolean;
  readonly lossBeyondStop?: number;
  readonly note?: string;
}

export interface StressResult {
  readonly scenario: string;
  readonly kind: StressScenario['kind'];
  /** The symbol a per-symbol price shock moved; undefined for a scenario on every position. */
  readonly symbol?: string;
  readonly pnl: number;
  readonly equityAfter: number;
  readonly marginUsed: number;
  /** Margin used over the equity after the scenario, percent. */
  readonly marginUsedPct: number;
  /** The smallest distance to liquidation over the positions, percent (Infinity without positions). */
  readonly minDistanceToLiquidationPct: number;
  readonly positions: readonly StressPositionResult[];
  /** Limits the scenario's equity breaches, by name. */
  readonly profileLimitsTriggered: readonly string[];
  readonly emergencyStopTriggered: readonly string[];
  readonly severity: StressSeverity;
  readonly reasons: readonly string[];
}

const HOURS_PER_FUNDING = 8;

function side(quantity: number): number {
  return quantity > 0 ? 1 : quantity < 0 ? -1 : 0;
}

/** One position moved to `price` (no exit before it). */
function priced(position: StressPosition, price: number): StressPositionResult {
  const marginUsed = isolatedMargin(position.quantity, position.entryPrice, position.leverage);
  const liquidationPrice = isolatedLiquidationPrice(side(position.quantity), position.entryPrice, position.leverage, position.maintenanceMarginRate);
  const liquidated = side(position.quantity) > 0 ? price <= liquidationPrice : price >= liquidationPrice;
  // Isolated margin: a liquidated position loses its margin (measured from entry), no more.
  const floor = -marginUsed - position.quantity * (position.markPrice - position.entryPrice);
  const pnl = Math.max(position.quantity * (price - position.markPrice), floor);
  const distanceToLiquidationPct = (side(position.quantity) * (price - liquidationPrice) / price) * 100;
  return { symbol: position.symbol, quantity: position.quantity, markPrice: position.markPrice, stressedPrice: price, pnl, marginUsed, liquidationPrice, distanceToLiquidationPct, liquidated };
}

function fundingPaid(position: StressPosition, ratePer8hPct: number, hours: number): number {
  return Math.abs(position.quantity) * position.markPrice * (ratePer8hPct / 100) * (hours / HOURS_PER_FUNDING);
}

/** The positions after the scenario, per result (a per-symbol shock gives one result per symbol). */
function stressedSets(scenario: StressScenario, positions: readonly StressPosition[]): Array<{ symbol?: string; results: StressPositionResult[] }> {
  switch (scenario.kind) {
    case 'priceShock': {
      const symbols = scenario.symbols.length > 0 ? scenario.symbols : [...new Set(positions.map((p) => p.symbol))];
      return symbols.map((symbol) => ({ symbol, results: positions.map((p) => priced(p, p.symbol === symbol ? p.markPrice * (1 + scenario.movePct / 100) : p.markPrice)) }));
    }
    case 'correlatedCrash':
      return [{ results: positions.map((p) => priced(p, p.markPrice * (1 + scenario.movePct / 100))) }];
    case 'volatilitySpike':
      return [
        {
          results: positions.map((p) => {
            if (!Number.isFinite(p.atr)) return { ...priced(p, p.markPrice), note: 'ATR unknown: not stressed' };
            const price = p.markPrice - side(p.quantity) * scenario.atrMultiple * p.atr;
            const result = priced(p, price);
            if (p.stopPrice === undefined) return { ...result, stopHit: false, note: 'no protective stop known: the whole move is taken' };
            const stopHit = side(p.quantity) > 0 ? price <= p.stopPrice : price >= p.stopPrice;
            // The stop fills at the gapped price: the loss past the stop is its slippage.
            return { ...result, stopHit, lossBeyondStop: stopHit ? p.quantity * (price - p.stopPrice) : 0 };
          }),
        },
      ];
    case 'fundingSpike':
      return [{ results: positions.map((p) => ({ ...priced(p, p.markPrice), pnl: -fundingPaid(p, scenario.ratePer8hPct, scenario.hours) })) }];
    case 'exchangeOutage':
      return [
        {
          results: positions.map((p) => {
            const result = priced(p, p.markPrice * (1 - (side(p.quantity) * scenario.adverseMovePct) / 100));
            return { ...result, pnl: result.pnl - fundingPaid(p, scenario.ratePer8hPct, scenario.hours), note: `${scenario.hours} h without exit: stops do not fill` };
          }),
        },
      ];
  }
}

/**
 * Runs one scenario on the account's positions: PnL, margin used, distance to liquidation, the
 * profile limits and emergency-stop triggers the equity after it would breach, and a severity:
 * CRITICAL when a position is liquidated or the emergency stop would fire, WARNING when a profile
 * limit would trigger or a position ends closer to liquidation than `rules.liquidationWarnPct`, else OK.
 */
export function runStress(scenario: StressScenario, positions: readonly StressPosition[], account: StressAccount, rules: StressSeverityRules): StressResult[] {
  const held = positions.filter((p) => p.quantity !== 0);
  return stressedSets(scenario, held).map(({ symbol, results }) => {
    const pnl = results.reduce((sum, r) => sum + r.pnl, 0);
    const equityAfter = account.equity + pnl;
    const marginUsed = results.reduce((sum, r) => sum + r.marginUsed, 0);
    const minDistance = results.reduce((min, r) => Math.min(min, r.distanceToLiquidationPct), Number.POSITIVE_INFINITY);
    const breached = account.limits.filter((limit) => limit.referenceEquity > 0 && ((limit.referenceEquity - equityAfter) / limit.referenceEquity) * 100 >= limit.maxLossPct);
    const profileLimitsTriggered = breached.filter((l) => l.kind === 'profile').map((l) => l.name);
    const emergencyStopTriggered = breached.filter((l) => l.kind === 'emergencyStop').map((l) => l.name);
    const reasons: string[] = [];
    for (const r of results) if (r.liquidated) reasons.push(`${r.symbol} liquidated at ${r.stressedPrice} (liquidation ${r.liquidationPrice.toFixed(2)})`);
    for (const name of emergencyStopTriggered) reasons.push(`emergency stop: ${name}`);
    for (const name of profileLimitsTriggered) reasons.push(`profile limit: ${name}`);
    for (const r of results) if (!r.liquidated && r.distanceToLiquidationPct < rules.liquidationWarnPct) reasons.push(`${r.symbol} ${r.distanceToLiquidationPct.toFixed(2)} % from liquidation (< ${rules.liquidationWarnPct} %)`);
    const severity = results.some((r) => r.liquidated) || emergencyStopTriggered.length > 0 ? StressSeverity.CRITICAL : reasons.length > 0 ? StressSeverity.WARNING : StressSeverity.OK;
    return {
      scenario: scenario.name,
      kind: scenario.kind,
      ...(symbol !== undefined && scenario.kind === 'priceShock' ? { symbol } : {}),
      pnl,
      equityAfter,
      marginUsed,
      marginUsedPct: equityAfter > 0 ? (marginUsed / equityAfter) * 100 : Number.POSITIVE_INFINITY,
      minDistanceToLiquidationPct: minDistance,
      positions: results,
      profileLimitsTriggered,
      emergencyStopTriggered,
      severity,
      reasons,
    };
  });
}

/** The worst severity of the results (OK for none): what the metrics publish. */
export function worstSeverity(results: ReadonlyArray<{ readonly severity: StressSeverity }>): StressSeverity {
  if (results.some((r) => r.severity === StressSeverity.CRITICAL)) return StressSeverity.CRITICAL;
  if (results.some((r) => r.severity === StressSeverity.WARNING)) return StressSeverity.WARNING;
  return StressSeverity.OK;
}
