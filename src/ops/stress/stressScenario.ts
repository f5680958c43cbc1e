/**
 * A registered stress scenario, as data (config/stress-scenarios.yaml, validated in app/config):
 * operators add their own by adding entries.
 */
export type StressScenario =
  | {
      readonly name: string;
      readonly kind: 'priceShock';
      /** Signed move of each symbol's mark, percent (−20 = a 20 % fall). */
      readonly movePct: number;
      /** Symbols shocked; empty: each held symbol in turn (one result per symbol). */
      readonly symbols: readonly string[];
      readonly description: string;
    }
  | {
      readonly name: string;
      readonly kind: 'correlatedCrash';
      /** Signed move applied to every held symbol at once, percent. */
      readonly movePct: number;
      readonly description: string;
    }
  | {
      readonly name: string;
      readonly kind: 'volatilitySpike';
      /** Adverse move of each position, in ATRs; the protective stop fills at the gapped price. */
      readonly atrMultiple: number;
      readonly description: string;
    }
  | {
      readonly name: string;
      readonly kind: 'fundingSpike';
      /** Funding rate every position pays per 8 hours, percent of its notional. */
      readonly ratePer8hPct: number;
      readonly hours: number;
      readonly description: string;
    }
  | {
      readonly name: string;
      readonly kind: 'exchangeOutage';
      readonly hours: number;
      /** Adverse move of every position while nothing can exit (stops do not fill), percent. */
      readonly adverseMovePct: number;
      /** Funding paid meanwhile per 8 hours, percent of notional. */
      readonly ratePer8hPct: number;
      readonly description: string;
    };

/** A position to stress, priced at its mark. */
export interface StressPosition {
  readonly symbol: string;
  /** Signed: positive long, negative short. */
  readonly quantity: number;
  readonly entryPrice: number;
  readonly markPrice: number;
  readonly leverage: number;
  /** Fraction, e.g. 0.004. */
  readonly maintenanceMarginRate: number;
  /** ATR of the symbol's bars at the mark; NaN when unknown. */
  readonly atr: number;
  /** The protective stop's trigger price; undefined when none is known. */
  readonly stopPrice: number | undefined;
}

/** A loss limit that a scenario's equity could breach. */
export interface StressLimit {
  /** e.g. "profile daily drawdown" or "emergency stop total loss". */
  readonly name: string;
  readonly kind: 'profile' | 'emergencyStop';
  /** The equity the limit's loss is measured from (day start, week start, initial). */
  readonly referenceEquity: number;
  /** The loss from the reference, percent, at which the limit triggers. */
  readonly maxLossPct: number;
}

export interface StressAccount {
  readonly equity: number;
  readonly limits: readonly StressLimit[];
}

export const StressSeverity = { OK: 'OK', WARNING: 'WARNING', CRITICAL: 'CRITICAL' } as const;
export type StressSeverity = (typeof StressSeverity)[keyof typeof StressSeverity];

export interface StressSeverityRules {
  /** A position closer than this to its liquidation price after the scenario is a WARNING, percent. */
  readonly liquidationWarnPct: number;
}
