import type { Alert, AlertChannel } from '../../ports/alertChannel.ts';
import { alertText } from './alertText.ts';
import { postJson } from './httpAlertPost.ts';

/** A generic JSON webhook: the alert's fields as JSON, plus the text a person reads. */
export class WebhookAlertChannel implements AlertChannel {
  readonly name = 'webhook';
  constructor(private readonly url: string) {}

  async send(alert: Alert): Promise<void> {
    await postJson(this.name, this.url, { key: alert.key, event: alert.event, severity: alert.severity, title: alert.title, at: new Date(alert.atMs).toISOString(), fields: alert.fields, text: alertText(alert) });
  }
}
