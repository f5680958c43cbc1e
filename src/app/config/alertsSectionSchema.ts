import { z } from 'zod';

/** The name of an environment variable holding a secret (the config never holds the secret itself). */
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'must be an environment variable name (A-Z, 0-9, _)');

const common = {
  /** The least severity this channel receives. */
  minSeverity: z.enum(['info', 'warning', 'critical']).default('warning'),
};

const telegram = z
  .object({
    type: z.literal('telegram'),
    ...common,
    /** Chat ids to message; empty: RAMPART_TELEGRAM_ALERT_CHATS (comma-separated). Token: RAMPART_TELEGRAM_BOT_TOKEN. */
    chatIds: z.array(z.number().int()).default([]),
  })
  .strict();

const slack = z
  .object({
    type: z.literal('slack'),
    ...common,
    /** The variable holding the incoming-webhook URL (the URL is the credential). */
    webhookUrlEnv: envName.default('RAMPART_SLACK_WEBHOOK_URL'),
  })
  .strict();

const email = z
  .object({
    type: z.literal('email'),
    ...common,
    /** SMTP server. */
    host: z.string().min(1),
    port: z.number().int().min(1).max(65_535).default(587),
    /** TLS from the first byte (465); false: STARTTLS when offered. */
    secure: z.boolean().default(false),
    from: z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must be an e-mail address'),
    to: z.array(z.string().regex(/^[^@\s]+@[^@\s]+$/, 'must be an e-mail address')).min(1),
    /** Variables holding the SMTP login; both or neither. */
    usernameEnv: envName.optional(),
    passwordEnv: envName.optional(),
  })
  .strict()
  .refine((channel) => (channel.usernameEnv === undefined) === (channel.passwordEnv === undefined), { message: 'usernameEnv and passwordEnv go together', path: ['passwordEnv'] });

const webhook = z
  .object({
    type: z.literal('webhook'),
    ...common,
    /** The variable holding the URL the alert JSON is POSTed to. */
    urlEnv: envName.default('RAMPART_ALERT_WEBHOOK_URL'),
  })
  .strict();

/** The config's `alerts` section: where the runners' alert events go, and how often. */
export const alertsSectionSchema = z
  .object({
    /** The same alert (event, account, symbol, state, severity) is sent once within this window, seconds. */
    dedupWindowSec: z.number().int().min(0).default(900),
    /** Per channel: at most maxAlerts within perSec seconds; critical alerts always pass. */
    rateLimit: z.object({ maxAlerts: z.number().int().min(1).default(20), perSec: z.number().int().min(1).default(3_600) }).strict().prefault({}),
    /** A failed delivery: attempts in all, the first retry after initialDelayMs, doubling up to maxDelayMs. */
    retry: z.object({ attempts: z.number().int().min(1).max(20).default(6), initialDelayMs: z.number().int().min(1).default(2_000), maxDelayMs: z.number().int().min(1).default(300_000) }).strict().prefault({}),
    channels: z.array(z.discriminatedUnion('type', [telegram, slack, email, webhook])).default([]),
  })
  .strict();
export type AlertsSection = z.output<typeof alertsSectionSchema>;
export type AlertChannelConfig = AlertsSection['channels'][number];
