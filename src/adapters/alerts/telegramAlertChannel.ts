import { Api, GrammyError } from 'grammy';
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

/** Telegram through grammy's Bot API client: one message per chat id. */
export class TelegramAlertChannel implements AlertChannel {
  readonly name = 'telegram';
  private readonly api: Api;

  constructor(private readonly options: TelegramAlertOptions) {
    this.api = new Api(options.token, { timeoutSeconds: 10, ...(options.apiRoot !== undefined ? { apiRoot: options.apiRoot } : {}) });
  }

  async send(alert: Alert): Promise<void> {
    const text = alertText(alert);
    for (const chatId of this.options.chatIds) {
      try {
        await this.api.sendMessage(chatId, text);
      } catch (error) {
        // grammy's messages name the method and Telegram's description; the token is redacted all the same.
        const what = error instanceof GrammyError ? `Bot API refused sendMessage (${error.error_code}: ${error.description})` : `sendMessage failed (${(error as Error).name})`;
        throw new AlertDeliveryError(this.name, `${what} for chat ${chatId}`, [this.options.token]);
      }
    }
  }
}
