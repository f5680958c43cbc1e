import { AlertDeliveryError } from './redactSecrets.ts';

/** How long one POST to a webhook may take before it counts as failed (and is retried). */
export const ALERT_POST_TIMEOUT_MS = 10_000;

/**
 * POSTs a JSON body to a webhook URL that is itself a secret (a Slack incoming webhook carries its
 * token in the path): a failure says the status or the error's class, never the URL.
 */
export async function postJson(channel: string, url: string, body: unknown): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(ALERT_POST_TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown } }).cause?.code;
    throw new AlertDeliveryError(channel, `the request failed (${typeof cause === 'string' ? cause : (error as Error).name})`, [url]);
  }
  // The body is drained so the connection is released; its text is not echoed (a receiver may repeat the URL).
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new AlertDeliveryError(channel, `the receiver answered HTTP ${response.status}`, [url]);
}
