//! Composition for `rampart report`: the store, the profiles in force, the optional rules file and the
//! system clock, handed to the report service; the files written under reports/prod/<period>/.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../domain/errors/inputError.ts';
import { renderProdReportHtml, renderProdReportJson, renderProdReportMarkdown, type ProdReport, type ReportPeriod } from '../../ops/prodReport/index.ts';
import { loadScaleRules } from '../config/loadScaleRules.ts';
import { accountsFromEnv } from '../services/accountsFromEnv.ts';
import { withCapitalProfiles } from '../services/capitalProfilesInForce.ts';
import { prodReportFromStore } from '../services/prodReportFromStore.ts';
import { periodReplay } from '../services/periodReplay.ts';
import { ArrowCandleStore } from '../../adapters/data/arrowCandleStore.ts';
import { CandleStoreMarketFeed } from './candleStoreMarketFeed.ts';
import { profileAssignmentsInStore } from '../services/profileReviewService.ts';
import { noRecordError, openStore, type OperatorStoreOptions } from './paperJobs.ts';
import { tradedAccounts } from '../services/accountMetricsFromStore.ts';
import { createPinoLogger } from '../../adapters/logging/pinoLogger.ts';
import type { Logger } from '../../ports/logger.ts';
import { startAlerting } from './alertJobs.ts';

export interface ReportJobOptions extends OperatorStoreOptions {
  readonly period: ReportPeriod;
  /** `YYYY-MM-DD` inside the period (default: today, UTC). */
  readonly date?: string;
  readonly rulesPath?: string;
  /** Where `prod/<period>/` goes (default `reports`). */
  readonly reportsDir?: string;
  readonly nowMs?: number;
  /** Where the report-ready alert is logged (and routed, with alert channels configured). */
  readonly logger?: Logger;
}

const EXTENSIONS = ['md', 'json', 'html'] as const;

/** `rampart report`: writes `<label>.md`, `.json` and `.html`; an earlier report of the same period is archived with a suffix, never overwritten. */
export async function reportJob(options: ReportJobOptions): Promise<{ report: ProdReport; files: string[]; archived: string[] }> {
  const nowMs = options.nowMs ?? Date.now();
  const dateMs = options.date === undefined ? nowMs : parseDate(options.date);
  if (dateMs > nowMs) throw new InputError(`--date must not be in the future, was ${options.date}`, { keyPath: '--date', value: options.date ?? '' });
  const scaleUpDaysNeeded = options.rulesPath === undefined ? undefined : loadScaleRules(options.rulesPath).rules.riskGuard.scaleUp?.consecutiveDays;
  const { loaded, store } = await openStore(options, options.init !== true);
  try {
    const { accounts } = accountsFromEnv(options.env ?? process.env, 'paper');
    const inForce = withCapitalProfiles(loaded, accounts, await profileAssignmentsInStore(store));
    const feed = new CandleStoreMarketFeed(new ArrowCandleStore(resolve(loaded.config.data.store)));
    const replay = periodReplay(loaded, store, feed, nowMs);
    const report = await prodReportFromStore({ store, config: inForce.loaded.config, profiles: inForce.profiles, period: options.period, dateMs, nowMs, replay, ...(scaleUpDaysNeeded !== undefined ? { scaleUpDaysNeeded } : {}) });
    if (report.accounts.length === 0) throw noRecordError(options, tradedAccounts(inForce.loaded.config), `no ${options.period} report ${report.label} written`);
    const dir = join(resolve(options.reportsDir ?? 'reports'), 'prod', options.period);
    mkdirSync(dir, { recursive: true });
    const archived = archiveEarlier(dir, report.label);
    const rendered = { md: renderProdReportMarkdown(report), json: renderProdReportJson(report), html: renderProdReportHtml(report) };
    const files = EXTENSIONS.map((extension) => {
      const file = join(dir, `${report.label}.${extension}`);
      writeFileSync(`${file}.tmp`, rendered[extension]);
      renameSync(`${file}.tmp`, file);
      return file;
    });
    // §10's info alert "Daily PnL report": said only where channels listen (the CLI prints the files itself).
    if (loaded.config.alerts.channels.length > 0) {
      const alerting = startAlerting(loaded, options.env ?? process.env, options.logger ?? createPinoLogger());
      alerting.logger.info(options.period === 'daily' ? 'alert_daily_report_ready' : `alert_${options.period}_report_ready`, { detail: `${report.label}: ${files.join(', ')}` });
      await alerting.close(30_000);
    }
    return { report, files, archived };
  } finally {
    await store.close();
  }
}

/** Moves an earlier report of the label to `<label>.archived-<n>.*` (the smallest n free for all three). */
function archiveEarlier(dir: string, label: string): string[] {
  const existing = EXTENSIONS.filter((extension) => existsSync(join(dir, `${label}.${extension}`)));
  if (existing.length === 0) return [];
  let n = 1;
  while (EXTENSIONS.some((extension) => existsSync(join(dir, `${label}.archived-${n}.${extension}`)))) n++;
  return existing.map((extension) => {
    const target = join(dir, `${label}.archived-${n}.${extension}`);
    renameSync(join(dir, `${label}.${extension}`), target);
    return target;
  });
}

function parseDate(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = match === null ? Number.NaN : Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== text) throw new InputError(`--date must be a day as YYYY-MM-DD (UTC), was "${text}"`, { keyPath: '--date', value: text });
  return ms;
}
