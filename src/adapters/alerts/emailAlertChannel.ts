import type { Transporter } from 'nodemailer';
import type { Alert, AlertChannel } from '../../ports/alertChannel.ts';
import { alertText } from './alertText.ts';
import { AlertDeliveryError } from './redactSecrets.ts';

export interface EmailAlertOptions {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly from: string;
  readonly to: readonly string[];
  /** SMTP login; the password is a secret. */
  readonly auth?: { readonly user: string; readonly pass: string };
}

/** How long an SMTP connection, greeting or exchange may take before the delivery counts as failed. */
const SMTP_TIMEOUT_MS = 10_000;

/**
 * E-mail through nodemailer's SMTP transport: the title as subject, the alert text as body. nodemailer
 * is loaded when the channel is made (a runner's start), not when the CLI starts.
 */
export class EmailAlertChannel implements AlertChannel {
  readonly name = 'email';
  private readonly transport: Promise<Transporter>;

  constructor(private readonly options: EmailAlertOptions) {
    this.transport = import('nodemailer').then(({ createTransport }) => createTransport({
      host: options.host,
      port: options.port,
      secure: options.secure,
      connectionTimeout: SMTP_TIMEOUT_MS,
      greetingTimeout: SMTP_TIMEOUT_MS,
      socketTimeout: SMTP_TIMEOUT_MS,
      ...(options.auth !== undefined ? { auth: { user: options.auth.user, pass: options.auth.pass } } : {}),
      // nodemailer logs nothing unless asked; it is not asked (the auth exchange would be in it).
      logger: false,
    }));
    // A load that failed is reported by the first send, not as an unhandled rejection now.
    this.transport.catch(() => undefined);
  }

  async send(alert: Alert): Promise<void> {
    try {
      const transport = await this.transport;
      await transport.sendMail({ from: this.options.from, to: [...this.options.to], subject: `[${alert.severity.toUpperCase()}] ${alert.title}`, text: alertText(alert) });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      const responseCode = (error as { responseCode?: unknown }).responseCode;
      throw new AlertDeliveryError(this.name, `SMTP delivery failed (${typeof code === 'string' ? code : 'error'}${typeof responseCode === 'number' ? ` ${responseCode}` : ''})`, this.options.auth === undefined ? [] : [this.options.auth.pass]);
    }
  }

  close(): void {
    void this.transport.then((transport) => transport.close(), () => undefined);
  }
}
