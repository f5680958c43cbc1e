import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../../domain/errors/inputError.ts';
import { dataCoverage, evaluateLaunchChecks, evaluatePreflightChecks, evaluateServiceChecks, launchPasses, statusOf, storeVenueAgreement, walkForwardCheck, type LaunchCheck, type PreflightStatus, type ServiceObservations, type WalkForwardObservation } from '../../ops/launchGuard/index.ts';
import { loadStressScenarios } from '../config/loadStressScenarios.ts';
import { timeframeToMs } from '../../domain/market/timeframe.ts';
import type { CandleStore } from '../../ports/candleStore.ts';
import type { TradeStore } from '../../ports/tradeStore.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';
import type { LoadedGoLive } from '../config/loadGoLive.ts';
import { frozenConfigMatches, type LoadedScaleRules } from '../config/loadScaleRules.ts';
import { observeAccountWithKeys, symbolsOf } from './checkAccount.ts';
import { ladderPosition, stageToEnter } from './ladderState.ts';

export interface PreflightInput {
  readonly loaded: LoadedConfig;
  /** The go-live rules file: the pinned hash, the bounds, the ladder. Without it those checks only warn. */
  readonly rules: LoadedScaleRules | undefined;
  /** The go-live file: service checks and the testnet requirement. */
  readonly goLive: LoadedGoLive | undefined;
  readonly store: TradeStore;
  /** The testnet runner's store, where the account's testnet fills are counted. */
  readonly testnetStore: TradeStore | undefined;
  /**
   * The paper runner's store, where the paper stage's record is read (a paper session and the live
   * runner cannot share one store under one account name: their positions would collide). Default: `store`.
   */
  readonly paperStore?: TradeStore;
  readonly candles: CandleStore;
  readonly account?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Local venue origin (rehearsals, tests). */
  readonly baseUrl?: string;
  readonly nowMs: number;
  /** Asks an HTTP endpoint: null when it answered 2xx, else why not. */
  readonly probe?: (url: string) => Promise<string | null>;
}

/** A check on the preflight sheet: PASS / WARN / FAIL with its measured value and bound in `detail`. */
export interface PreflightLine extends LaunchCheck {
  readonly status: PreflightStatus;
}

export interface PreflightReport {
  readonly account: string;
  readonly venue: string;
  readonly testnet: boolean;
  /** The stage whose capital the balance is held against (the one the account trades at or is about to). */
  readonly stage: { readonly stage: number; readonly name: string; readonly capital: number } | undefined;
  readonly checks: readonly PreflightLine[];
  /** No FAIL. */
  readonly passed: boolean;
}

/** SOP defaults when no rules file is given. */
const DEFAULT_BOUNDS = { maxClockOffsetMs: 100, maxDataAge: '2h', maxGap: '3h', gapLookback: '30d', minTestnetTrades: 3 };

/**
 * Every check the R1 SOP (§1) and the operator manual (§2, §7) list before real trading, in one sheet:
 * the checklist `rampart check` and `run --real` run (observed by the same code), then balance against
 * the stage's capital, the pinned config hash, data freshness and gaps per sleeve, trading state and
 * open incidents, the store reconciled with the venue, testnet trades, the configured services, and the
 * walk-forward report the go-live file requires.
 */
export async function runPreflight(input: PreflightInput): Promise<PreflightReport> {
  const { loaded, rules, nowMs } = input;
  const bounds = rules?.rules.launch ?? DEFAULT_BOUNDS;
  const quote = loaded.config.capital.currency;
  const keyed = await observeAccountWithKeys({ config: loaded.config, configPath: loaded.path, account: input.account, baseUrl: input.baseUrl, env: input.env, maxClockOffsetMs: bounds.maxClockOffsetMs }, async (gateway, account) => {
    const symbols = symbolsOf(loaded.config, account);
    const balance = (await gateway.fetchBalances()).find((candidate) => candidate.asset === quote);
    const positions = await gateway.fetchPositions(symbols);
    const open = (await Promise.all(symbols.map((symbol) => gateway.fetchOpenOrders(symbol)))).flat();
    return { balance: balance?.total.toNumber(), positions, open };
  });
  const { account } = keyed;
  // Binance's v3 positionRisk reports no leverage: an isolated position whose leverage the venue does not
  // report is a warning (the runner sets the configured leverage on every symbol at start), not a pass.
  const leverageUnreported = new Set(keyed.observed.symbolSettings.filter((setting) => setting.hasPosition && setting.marginMode === 'isolated' && setting.leverage === undefined).map((setting) => `${setting.symbol} margin and leverage`));
  const checks: LaunchCheck[] = evaluateLaunchChecks(keyed.observed).map((check) =>
    leverageUnreported.has(check.name) ? { ...check, severity: 'soft', detail: `${check.detail}: the venue does not report leverage on positions; the runner sets ${keyed.observed.configuredLeverage}x at start` } : check,
  );

  const position = rules === undefined ? undefined : await ladderPosition(input.store, rules.rules, account, nowMs, input.paperStore);
  const target = rules === undefined || position === undefined ? undefined : stageToEnter(rules.rules, position.current);
  const pin = rules === undefined ? undefined : frozenConfigMatches(rules, loaded.path);
  const barMs = timeframeToMs(loaded.config.data.timeframe);
  const sleeves = loaded.config.sleeves.filter((sleeve) => sleeve.account === account);
  const data = [];
  for (const sleeve of sleeves) {
    const series = await input.candles.loadCandles(sleeve.symbol, loaded.config.data.timeframe);
    data.push({ sleeve: sleeve.name, symbol: sleeve.symbol, ...dataCoverage(series?.time ?? [], barMs, nowMs, durationMs(bounds.gapLookback)) });
  }
  const activations = await input.store.listGoLive({ account, kind: 'ACTIVATED' });
  const state = await input.store.loadTradingState(account);
  const lastActivation = activations[activations.length - 1]?.atMs ?? 0;
  const since = Math.max(lastActivation, state?.state === 'ACTIVE' ? state.atMs : 0);
  const incidents = (await input.store.listIncidents({ fromMs: since })).filter((incident) => incident.severity === 'CRITICAL' && (incident.detail.account === undefined || incident.detail.account === account));
  const needTestnet = rules !== undefined && (input.goLive?.settings.requireTestnetTrades ?? true) && activations.length === 0;
  const testnetFills = input.testnetStore === undefined ? 0 : (await input.testnetStore.listFills({ account })).filter((fill) => fill.clientOrderId !== null).length;

  const sheet = evaluatePreflightChecks({
    account,
    nowMs,
    balance: keyed.more?.balance,
    stageCapital: target?.capital ?? 0,
    stageName: target === undefined ? '-' : String(target.stage),
    configHash: pin === undefined ? { pinned: '', actual: '', file: loaded.path } : { pinned: pin.pinned, actual: pin.actual, file: rules?.rules.frozenConfig.file ?? loaded.path },
    data,
    maxDataAgeMs: durationMs(bounds.maxDataAge),
    maxGapMs: durationMs(bounds.maxGap),
    tradingState: state?.state,
    openCriticalIncidents: incidents.length,
    reconciliation: keyed.more === undefined ? undefined : await reconciliation(input.store, account, keyed.more, symbolsOf(loaded.config, account)),
    testnetTrades: needTestnet ? { count: testnetFills, required: bounds.minTestnetTrades } : undefined,
  }).map((check): LaunchCheck => {
    if (rules === undefined && (check.name === 'config hash pinned' || check.name === 'balance covers the stage capital')) {
      return { ...check, severity: 'soft', ok: false, detail: 'not judged: no --rules file (the pinned hash and the stage capital are in it)' };
    }
    if (pin !== undefined && check.name === 'config hash pinned' && !pin.ok && pin.actual === pin.pinned) {
      return { ...check, ok: false, detail: `${loaded.path} is not the pinned config ${pin.pinnedFile}` };
    }
    if (check.name === 'testnet trades' && input.testnetStore === undefined) return { ...check, detail: `${check.detail}; no testnet store given (--testnet-state-dir or --testnet-database-url: the testnet runner's store)` };
    return check;
  });
  checks.push(...sheet);
  const goLive = input.goLive?.settings;
  const probe = input.probe ?? probeUrl;
  checks.push(
    ...evaluateServiceChecks({
      health: goLive?.healthUrl === undefined ? undefined : { url: goLive.healthUrl, error: await probe(goLive.healthUrl) },
      metrics: goLive?.metricsUrl === undefined ? undefined : { url: goLive.metricsUrl, error: await probe(goLive.metricsUrl) },
      stressScenarios: stressRegistry(input.goLive),
    }),
    walkForwardCheck(walkForwardObservation(input.goLive, loaded)),
  );
  return {
    account,
    venue: keyed.venue,
    testnet: keyed.testnet,
    stage: target === undefined ? undefined : { stage: target.stage, name: target.name, capital: target.capital },
    checks: checks.map((check) => ({ ...check, status: statusOf(check) })),
    passed: launchPasses(checks),
  };
}

async function reconciliation(store: TradeStore, account: string, venue: { positions: ReadonlyArray<{ symbol: string; quantity: { toNumber(): number } }>; open: ReadonlyArray<{ clientOrderId: string | undefined }> }, symbols: readonly string[]): Promise<{ ok: boolean; detail: string }> {
  const stored = await store.listPositions(account);
  const storedOpen = await store.listOpenOrders(account);
  return storeVenueAgreement(
    { positions: new Map(stored.map((position) => [position.symbol, Number(position.quantity)])), openOrderIds: new Set(storedOpen.map((order) => order.clientOrderId)) },
    { positions: new Map(venue.positions.map((position) => [position.symbol, position.quantity.toNumber()])), openOrderIds: new Set(venue.open.map((order) => order.clientOrderId ?? '(no client id)')) },
    symbols,
  );
}

/** `100ms`, `2h`, `30d` in milliseconds (the rules file's duration strings). */
function durationMs(text: string): number {
  return text.endsWith('ms') ? Number(text.slice(0, -2)) : timeframeToMs(text);
}

/** GET with a 3 s timeout: null on 2xx. */
async function probeUrl(url: string): Promise<string | null> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return response.ok ? null : `HTTP ${response.status}`;
  } catch (error) {
    return error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
  }
}

/** The go-live file's stress-scenario registry as preflight judges it: undefined when it names none. */
function stressRegistry(goLive: LoadedGoLive | undefined): ServiceObservations['stressScenarios'] {
  if (goLive === undefined) return undefined;
  const { stressScenarios: required, stressScenariosFile } = goLive.settings;
  if (stressScenariosFile === undefined && required.length === 0) return undefined;
  const file = resolve(dirname(goLive.path), stressScenariosFile ?? 'stress-scenarios.yaml');
  try {
    return { required, file, registered: loadStressScenarios(file).registry.scenarios.map((scenario) => scenario.name) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { required, file, registered: undefined, error: error.message };
  }
}

/** The walk-forward report the go-live file names, read for walkForwardCheck: undefined when it names none. */
function walkForwardObservation(goLive: LoadedGoLive | undefined, loaded: LoadedConfig): WalkForwardObservation | undefined {
  const named = goLive?.settings.walkForwardReport;
  if (goLive === undefined || named === undefined) return undefined;
  const file = resolve(dirname(goLive.path), named);
  const seen = { file, configPath: loaded.path, configSha256: loaded.sha256 };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ...seen, report: undefined, error: code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `not readable (${error instanceof Error ? error.message : String(error)})` };
  }
  try {
    return { ...seen, report: JSON.parse(text) as unknown };
  } catch (error) {
    return { ...seen, report: undefined, error: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
}
