//! Composition for alerts: the config's `alerts` channels built from the environment's secrets, behind
//! one router fed by the runner's logger (every `alert_*` line), with real timers.
import { EmailAlertChannel } from '../../adapters/alerts/emailAlertChannel.ts';
import { SlackAlertChannel } from '../../adapters/alerts/slackAlertChannel.ts';
import { TelegramAlertChannel } from '../../adapters/alerts/telegramAlertChannel.ts';
import { WebhookAlertChannel } from '../../adapters/alerts/webhookAlertChannel.ts';
import { LOG_FIELD_ALLOW_LIST } from '../../adapters/logging/pinoLogger.ts';
import { InputError } from '../../domain/errors/inputError.ts';
import { alertingLogger, AlertRouter, type AlertRoute } from '../../ops/alerts/index.ts';
import type { AlertChannel } from '../../ports/alertChannel.ts';
import type { Logger } from '../../ports/logger.ts';
import type { AlertChannelConfig } from '../config/alertsSectionSchema.ts';
import type { LoadedConfig } from '../config/loadConfig.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface Alerting {
  /** The runner's logger: writes as before and routes its `alert_*` lines. */
  readonly logger: Logger;
  /** Waits up to `timeoutMs` for deliveries in flight (a stop alert included), then closes the channels. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * The alerting logger of a runner's process. Without channels it is `logger` itself. A channel whose
 * secret is missing refuses the start (InputError naming the key path), as a bad config does.
 */
export function startAlerting(loaded: LoadedConfig, env: Env, logger: Logger): Alerting {
  const section = loaded.config.alerts;
  const routes: AlertRoute[] = section.channels.map((config, index) => ({ channel: channelOf(config, env, loaded.path, `alerts.channels[${index}]`), minSeverity: config.minSeverity }));
  if (routes.length === 0) return { logger, close: async () => undefined };
  const timers = new Set<NodeJS.Timeout>();
  const router = new AlertRouter({
    routes,
    settings: { dedupWindowMs: section.dedupWindowSec * 1000, rateLimit: { maxAlerts: section.rateLimit.maxAlerts, windowMs: section.rateLimit.perSec * 1000 }, retry: section.retry },
    nowMs: () => Date.now(),
    schedule: (task, delayMs) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        task();
      }, delayMs);
      // A retry pending must not keep a stopped process alive.
      timer.unref();
      timers.add(timer);
    },
    // Written to the plain logger: a delivery problem is no alert of its own (it would loop).
    onProblem: (problem) =>
      (problem.kind === 'retrying' ? logger.warn : logger.error)(`alerts_delivery_${problem.kind}`, { target: problem.channel, kind: problem.event, attempt: problem.attempt, reason: problem.reason, ...(problem.retryInMs !== undefined ? { delayMs: problem.retryInMs } : {}) }),
  });
  logger.info('alerts_routed', { count: routes.length, target: routes.map((route) => `${route.channel.name}>=${route.minSeverity}`).join(',') });
  return {
    logger: alertingLogger(logger, (alert) => router.publish(alert), { nowMs: () => Date.now(), allowedFields: LOG_FIELD_ALLOW_LIST }),
    async close(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([router.settled(), new Promise<void>((done) => (timer = setTimeout(done, timeoutMs)))]);
      clearTimeout(timer);
      for (const pending of timers) clearTimeout(pending);
      for (const route of routes) if (route.channel instanceof EmailAlertChannel) route.channel.close();
    },
  };
}

function channelOf(config: AlertChannelConfig, env: Env, file: string, keyPath: string): AlertChannel {
  switch (config.type) {
    case 'telegram': {
      const token = secretOf(env, 'RAMPART_TELEGRAM_BOT_TOKEN', file, `${keyPath} (telegram)`);
      const chatIds = config.chatIds.length > 0 ? config.chatIds : chatIdsOf(env.RAMPART_TELEGRAM_ALERT_CHATS, file, `${keyPath}.chatIds`);
      return new TelegramAlertChannel({ token, chatIds, ...(env.RAMPART_TELEGRAM_API_ROOT !== undefined ? { apiRoot: env.RAMPART_TELEGRAM_API_ROOT } : {}) });
    }
    case 'slack':
      return new SlackAlertChannel(urlOf(env, config.webhookUrlEnv, file, `${keyPath}.webhookUrlEnv`));
    case 'webhook':
      return new WebhookAlertChannel(urlOf(env, config.urlEnv, file, `${keyPath}.urlEnv`));
    case 'email': {
      const auth = config.usernameEnv !== undefined && config.passwordEnv !== undefined ? { user: secretOf(env, config.usernameEnv, file, `${keyPath}.usernameEnv`), pass: secretOf(env, config.passwordEnv, file, `${keyPath}.passwordEnv`) } : undefined;
      return new EmailAlertChannel({ host: config.host, port: config.port, secure: config.secure, from: config.from, to: config.to, ...(auth !== undefined ? { auth } : {}) });
    }
  }
}

/** The variable's value; its absence refuses the start. The value itself is never put in the error. */
function secretOf(env: Env, name: string, file: string, keyPath: string): string {
  const value = env[name]?.trim();
  if (value === undefined || value === '') throw new InputError(`${file}: ${keyPath} needs the environment variable ${name}, which is not set`, { file, keyPath });
  return value;
}

function urlOf(env: Env, name: string, file: string, keyPath: string): string {
  const value = secretOf(env, name, file, keyPath);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${file}: ${keyPath}: ${name} is not a URL (its value is not shown: it is a secret)`, { file, keyPath });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new InputError(`${file}: ${keyPath}: ${name} must be an http(s) URL, was ${url.protocol}`, { file, keyPath });
  return value;
}

function chatIdsOf(text: string | undefined, file: string, keyPath: string): number[] {
  const ids = (text ?? '').split(',').map((part) => part.trim()).filter((part) => part !== '');
  if (ids.length === 0) throw new InputError(`${file}: ${keyPath} is empty and RAMPART_TELEGRAM_ALERT_CHATS is not set: the telegram channel has nobody to tell`, { file, keyPath });
  return ids.map((id) => {
    if (!/^-?\d+$/.test(id)) throw new InputError(`${file}: RAMPART_TELEGRAM_ALERT_CHATS must be comma-separated chat ids, was "${id}"`, { file, keyPath: 'RAMPART_TELEGRAM_ALERT_CHATS', value: id });
    return Number(id);
  });
}
