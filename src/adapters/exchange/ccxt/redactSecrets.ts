const REDACTED = 'REDACTED';

// Query or header fields that carry a signature or a key on the venues we speak to.
const SECRET_FIELDS = /\b(signature|sign|apiKey|api_key|api-key|X-MBX-APIKEY|OK-ACCESS-KEY|OK-ACCESS-SIGN|OK-ACCESS-PASSPHRASE|X-BAPI-API-KEY|X-BAPI-SIGN|listenKey)(["']?\s*[=:]\s*["']?)([^&\s"',}]+)/gi;

/**
 * Removes signatures and credential values from text headed for a message or log: ccxt puts the full
 * signed URL (`…&signature=…`) into its error messages. Known secrets are replaced wherever they
 * appear, and every `signature=` / key field is blanked even when its value is not known here.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let result = text;
  for (const secret of secrets) {
    // Very short values would blank unrelated text; real keys are 16+ characters.
    if (secret !== undefined && secret.length >= 6) result = result.split(secret).join(REDACTED);
  }
  return result.replace(SECRET_FIELDS, (_match, field: string, separator: string) => `${field}${separator}${REDACTED}`);
}
