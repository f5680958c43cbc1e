import type { Api, GrammyError } from 'grammy';
import type { Alert, AlertChannel } from '../../ports/alertChannel.ts';
import { alertText } from './alertText.ts';
import { AlertDeliveryError } from './redactSecrets.ts';

export interface TelegramAlertOptions {
  /** The bot token (RAMPART_TELEGRAM_BOT_TOKEN): a secret. */
  readonly token: string;
  readonly chatIds: readonly number[];
  /** Another Bot API server (tests: the local fake). */
  readonly apiRoot?: string;
}

/**
 * Telegram through grammy's Bot API client: one message per chat id. grammy is loaded when the channel
 * is made (a runner's start), not when the CLI starts: most commands route no alerts.
 */
export class TelegramAlertChannel implements AlertChannel {
  readonly name = 'telegram';
  private readonly client: Promise<{ readonly api: Api; readonly GrammyError: typeof GrammyError }>;

  constructor(private readonly options: TelegramAlertOptions) {
    this.client = import('grammy').then((grammy) => ({ api: new grammy.Api(options.token, { timeoutSeconds: 10, ...(options.apiRoot !== undefined ? { apiRoot: options.apiRoot } : {}) }), GrammyError: grammy.GrammyError }));
    // A load that failed is reported by the first send, not as an unhandled rejection now.
    this.client.catch(() => undefined);
  }

  async send(alert: Alert): Promise<void> {
    const text = alertText(alert);
    const { api, GrammyError } = await this.client;
    for (const chatId of this.options.chatIds) {
      try {
        await api.sendMessage(chatId, text);
      } catch (error) {
        // grammy's messages name the method and Telegram's description; the token is redacted all the same.
        const what = error instanceof GrammyError ? `Bot API refused sendMessage (${error.error_code}: ${error.description})` : `sendMessage failed (${(error as Error).name})`;
        throw new AlertDeliveryError(this.name, `${what} for chat ${chatId}`, [this.options.token]);
      }
    }
  }
}
