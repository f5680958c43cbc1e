import { REPLAY_MDD_TOLERANCE_POINTS, REPLAY_SHARPE_TOLERANCE, type AccountReport, type ProdReport } from './prodReport.ts';

/** One titled table of a report, already as text cells: the Markdown and the HTML render the same sections. */
export interface ReportSection {
  readonly title: string;
  readonly headers: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
  /** Shown under the table (or instead of it when there are no rows). */
  readonly notes: readonly string[];
  /** Per row: 'neg' to flag it (a breach, a loss, an unprotected position). */
  readonly flags?: ReadonlyArray<'neg' | undefined>;
}

const DASH = '–';

export function num(value: number | undefined, decimals = 2): string {
  return value === undefined || !Number.isFinite(value) ? (value === Number.POSITIVE_INFINITY ? '∞' : DASH) : value.toFixed(decimals);
}
export function pct(value: number | undefined, decimals = 2): string {
  return value === undefined || !Number.isFinite(value) ? DASH : `${value.toFixed(decimals)} %`;
}
export function time(atMs: number): string {
  return new Date(atMs).toISOString().replace('T', ' ').slice(0, 16);
}

/** A net funding amount with its sign in words: `12.3400 paid`, `0.5000 received`, `none`. */
export function fundingInWords(netPaid: number): string {
  if (!Number.isFinite(netPaid)) return DASH;
  if (netPaid === 0) return 'none';
  return `${Math.abs(netPaid).toFixed(4)} ${netPaid > 0 ? 'paid' : 'received'}`;
}

/** The report's sections, in reading order. */
export function reportSections(report: ProdReport): ReportSection[] {
  const { accounts } = report;
  const sections: ReportSection[] = [
    {
      title: 'PnL per account against its limits',
      headers: ['account', 'profile', 'state', 'equity start', 'equity end', 'period PnL', 'period %', 'day %', 'day limit used', 'week %', 'week limit used'],
      rows: accounts.map((a) => [a.account, `${a.profile.name} (${a.profile.source})`, a.tradingState, num(a.equityStart), num(a.equityEnd), num(a.pnl), pct(a.pnlPct), pct(a.daily.pnlPct), pct(a.daily.limitUsedPct, 1), pct(a.weekly.pnlPct), pct(a.weekly.limitUsedPct, 1)]),
      flags: accounts.map((a) => (a.daily.limitUsedPct >= 100 || a.weekly.limitUsedPct >= 100 ? 'neg' : undefined)),
      notes: ["Day and week: the UTC day and the ISO week (from Monday 00:00 UTC) in which the period ends, against the profile's dailyDrawdownPct and weeklyDrawdownPct."],
    },
    {
      title: 'Accounts near a limit (> 80 % used)',
      headers: ['account', 'limit', 'used'],
      rows: report.nearLimit.map((near) => [near.account, near.limit, pct(near.usedPct, 1)]),
      flags: report.nearLimit.map(() => 'neg'),
      notes: report.nearLimit.length === 0 ? ['none'] : [],
    },
    {
      title: 'Positions and their protective orders',
      headers: ['account', 'symbol', 'quantity', 'entry price', 'protective orders'],
      rows: accounts.flatMap((a) => a.positions.map((p) => [a.account, p.symbol, String(p.quantity), num(p.entryPrice, 4), p.protectiveOrders.length === 0 ? 'NONE' : p.protectiveOrders.map((order) => `${order.clientOrderId} ${order.status}`).join(', ')])),
      flags: accounts.flatMap((a) => a.positions.map((p) => (p.protectiveOrders.length === 0 ? ('neg' as const) : undefined))),
      notes: accounts.every((a) => a.positions.length === 0) ? ['no open position (as the store holds them at report time)'] : ['As the store holds them at report time.'],
    },
    {
      title: 'Trades (round trips closed in the period)',
      headers: ['account', 'trades', 'win rate', 'profit factor', 'fills', 'fees'],
      rows: accounts.map((a) => [a.account, String(a.trades.tradeCount), pct(a.trades.winRatePct, 1), num(a.trades.profitFactor), String(a.trades.fills), num(a.trades.fees, 4)]),
      notes: [],
    },
    tradeList(accounts),
    {
      title: 'Per-sleeve contribution',
      headers: ['account', 'sleeve', 'trades', 'PnL', 'contribution'],
      rows: accounts.flatMap((a) => a.sleeves.map((s) => [a.account, s.sleeve, String(s.tradeCount), num(s.pnl), pct(s.contributionPct, 3)])),
      flags: accounts.flatMap((a) => a.sleeves.map((s) => (s.contributionPct < 0 ? ('neg' as const) : undefined))),
      notes: ["PnL of the sleeve's round trips closed in the period, percent of the account's equity at the period's start."],
    },
    {
      title: 'Execution quality',
      headers: ['account', 'orders sent', 'order success', 'protective placement', 'realised slippage', 'assumed slippage', 'ratio', 'API errors', 'runner uptime'],
      rows: accounts.map((a) => [a.account, String(a.operations.ordersSent), pct(a.operations.orderSuccessRatePct, 1), pct(a.operations.protectivePlacementSuccessPct, 1), Number.isFinite(a.execution.realisedSlippageBps) ? `${num(a.execution.realisedSlippageBps)} bps` : DASH, `${num(a.execution.assumedSlippageBps)} bps`, num(a.execution.slippageRatio), String(a.operations.apiErrors), pct(a.operations.runnerUptimePct, 1)]),
      notes: ["Realised slippage: each fill against its decision's reference price (the decision bar's close; a stop's trigger price), adverse positive, weighted by notional; – when no fill of the period kept one."],
    },
    {
      title: 'Funding',
      headers: ['account', 'payments', 'paid', 'received', 'net', 'funding drag (annualised)'],
      rows: accounts.map((a) => [a.account, String(a.funding.payments), num(a.funding.paid, 4), num(a.funding.received, 4), fundingInWords(a.funding.paid - a.funding.received), pct(a.operations.fundingDragAnnualPct, 3)]),
      flags: accounts.map((a) => (a.operations.fundingDragAnnualPct > 2 ? 'neg' : undefined)),
      notes: ["Funding fees as the venue booked them (paper: the simulated venue's). Drag: net paid over the period, annualised, percent of the period's mean equity; negative when the account received more than it paid."],
    },
    {
      title: 'Risk guard',
      headers: ['account', 'latest decision', 'at', 'size multiplier', 'scale-up days', 'yellow days', 'reasons'],
      rows: accounts.map((a) => {
        const guard = a.riskGuard;
        if (guard === undefined) return [a.account, 'none yet', DASH, '1', DASH, DASH, 'rampart risk-guard has not run on this store'];
        const yellow = Object.entries(guard.yellowDays).filter(([, days]) => days > 0).map(([metric, days]) => `${metric} ${days}`).join(', ') || '0';
        return [a.account, guard.decision, time(guard.atMs), String(guard.sizeMultiplier), a.scaleUp.days === undefined ? DASH : `${a.scaleUp.days}${a.scaleUp.needed !== undefined ? ` of ${a.scaleUp.needed}` : ''}`, yellow, guard.reasons.join('; ')];
      }),
      flags: accounts.map((a) => (['REDUCE', 'PAUSE', 'FLATTEN_ALL'].includes(a.riskGuard?.decision ?? '') ? 'neg' : undefined)),
      notes: [],
    },
    {
      title: 'Emergency stop and risk gate',
      headers: ['account', 'ESS triggers', 'gate decisions', 'blocked', 'block rate'],
      rows: accounts.map((a) => [a.account, String(a.operations.emergencyStopTriggers), String(a.operations.riskGateDecisions), String(a.operations.riskGateBlocked), pct(a.operations.riskGateBlockRatePct, 1)]),
      notes: [],
    },
    {
      title: 'Incidents',
      headers: ['account', 'at', 'severity', 'kind', 'detail'],
      rows: accounts.flatMap((a) => a.incidents.map((incident) => [a.account, time(incident.atMs), incident.severity, incident.kind, incident.summary])),
      flags: accounts.flatMap((a) => a.incidents.map((incident) => (incident.severity === 'CRITICAL' ? ('neg' as const) : undefined))),
      notes: accounts.every((a) => a.incidents.length === 0) ? ['none in the period'] : [],
    },
    {
      title: 'Profile status',
      headers: ['account', 'profile in force', 'from', 'trading state'],
      rows: accounts.map((a) => [a.account, a.profile.name, a.profile.source, a.tradingState]),
      notes: [],
    },
  ];
  if (report.period !== 'daily') sections.push(replaySection(report));
  if (report.period !== 'daily') {
    sections.push({
      title: 'Scale-up and promotion eligibility',
      headers: ['account', 'scale-up days', 'needed', 'proposal pending'],
      rows: accounts.map((a) => [a.account, a.scaleUp.days === undefined ? DASH : String(a.scaleUp.days), a.scaleUp.needed === undefined ? DASH : String(a.scaleUp.needed), a.scaleUp.proposalPending ? 'yes: rampart risk-guard approve --reason …' : 'no']),
      notes: ['Profile promotion (the playbook\'s ladder, rampart profiles review) is not built yet.'],
    });
  }
  return sections;
}

/** The live-versus-backtest replay: per-sleeve signal agreement, trades and PnL, flagged when they differ. */
function replaySection(report: ProdReport): ReportSection {
  const title = 'Live versus backtest replay';
  const replay = report.replay;
  if (replay === undefined || !replay.compared) return { title, headers: [], rows: [], notes: [`not compared: ${replay?.reason ?? 'no replay was given to this report'}`] };
  // A live runner stores no signals: a table of zero recorded signals would only mislead.
  const rows = replay.live === true ? [] : replay.sleeves.map((sleeve) => [sleeve.sleeve, String(sleeve.signalsRecorded), String(sleeve.signalsReplayed), pct(sleeve.signalAgreementPct, 1)]);
  if (replay.live !== true) rows.push(['all sleeves', String(replay.signalsRecorded), String(replay.signalsReplayed), pct(replay.signalAgreementPct, 1)]);
  return {
    title,
    headers: replay.live === true ? [] : ['sleeve', 'signals recorded', 'signals replayed', 'agreement'],
    rows,
    flags: replay.live === true ? [] : [...replay.sleeves.map((sleeve) => (sleeve.signalAgreementPct < 100 ? ('neg' as const) : undefined)), replay.signalAgreementPct < 100 ? 'neg' : undefined],
    notes: [
      `Return: ${pct(replay.recordedFigures.returnPct)} recorded, ${pct(replay.replayedFigures.returnPct)} replayed. Sharpe: ${num(replay.recordedFigures.sharpe)} recorded, ${num(replay.replayedFigures.sharpe)} replayed (within ±${REPLAY_SHARPE_TOLERANCE}). Max drawdown: ${pct(replay.recordedFigures.maxDrawdownPct)} recorded, ${pct(replay.replayedFigures.maxDrawdownPct)} replayed (within ±${REPLAY_MDD_TOLERANCE_POINTS} points).`,
      `Trades (round trips closed in the period): ${replay.tradesRecorded} recorded, ${replay.tradesReplayed} replayed. Fills: ${replay.fillsRecorded} recorded, ${replay.fillsReplayed} replayed, ${num(replay.fillAgreementPct, 1)} % agree. PnL deviation (recorded − replayed cash flow): ${num(replay.pnlDeviation, 4)}.`,
      ...(replay.live === true ? ['A live account: judged on the figures and the trade count only (the live runner stores no signals; venue trade ids and prices are not replayed).'] : []),
      replay.consistent ? 'Consistent: the record is what the backtest kernel replays from the same config and candles, within the tolerances.' : 'FLAGGED: the record differs from the replay of the same config and candles (see the rows and figures above); rampart consistency --from --to shows the period decision by decision.',
    ],
  };
}

/** At most 200 trips, newest first. */
function tradeList(accounts: readonly AccountReport[]): ReportSection {
  const all = accounts.flatMap((a) => a.trades.list.map((trip) => ({ account: a.account, trip }))).sort((x, y) => y.trip.closedAtMs - x.trip.closedAtMs);
  const shown = all.slice(0, 200);
  return {
    title: 'Trade list',
    headers: ['account', 'sleeve', 'symbol', 'direction', 'opened', 'closed', 'PnL'],
    rows: shown.map(({ account, trip }) => [account, trip.sleeve, trip.symbol, trip.direction, time(trip.openedAtMs), time(trip.closedAtMs), num(trip.pnl, 4)]),
    flags: shown.map(({ trip }) => (trip.pnl < 0 ? 'neg' : undefined)),
    notes: all.length === 0 ? ['no trade closed in the period'] : all.length > shown.length ? [`the newest ${shown.length} of ${all.length}`] : [],
  };
}
