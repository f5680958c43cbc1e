/** The message with every secret replaced: a vendor error may echo a URL or a token it was given. */
export function redactSecrets(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[REDACTED]');
  return out;
}

/** A delivery failure whose message names the channel and what was found, never a secret. */
export class AlertDeliveryError extends Error {
  override readonly name = 'AlertDeliveryError';
  constructor(channel: string, what: string, secrets: readonly string[]) {
    super(redactSecrets(`${channel}: ${what}`, secrets));
  }
}
