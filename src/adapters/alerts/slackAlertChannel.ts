import type { Alert, AlertChannel } from '../../ports/alertChannel.ts';
import { alertText } from './alertText.ts';
import { postJson } from './httpAlertPost.ts';

/** A Slack incoming webhook: `{text}` posted to the webhook URL (a secret: it is the credential). */
export class SlackAlertChannel implements AlertChannel {
  readonly name = 'slack';
  constructor(private readonly webhookUrl: string) {}

  async send(alert: Alert): Promise<void> {
    await postJson(this.name, this.webhookUrl, { text: alertText(alert) });
  }
}
