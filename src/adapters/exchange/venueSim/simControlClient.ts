import type { SimControlCommand } from './simControlCommand.ts';
import { SIM_CONTROL_PATH } from './simControlRoute.ts';

export type SimControlAnswer =
  | { ok: true; body: unknown }
  /** The venue answered and refused: 400 (a bad command), 401 (a wrong token)… */
  | { ok: false; status: number; error: string }
  /** Nothing answered at that address. */
  | { ok: false; status: 0; error: string };

/** One call to a running venue's control route: list (GET), inject (POST) or clear (DELETE). */
export async function callSimControl(
  venueUrl: string,
  token: string,
  request: { method: 'GET' | 'DELETE' } | { method: 'POST'; command: SimControlCommand },
  timeoutMs = 10_000,
): Promise<SimControlAnswer> {
  let response: Response;
  try {
    response = await fetch(new URL(SIM_CONTROL_PATH, venueUrl), {
      method: request.method,
      headers: { Authorization: `Bearer ${token}`, ...(request.method === 'POST' ? { 'Content-Type': 'application/json' } : {}) },
      ...(request.method === 'POST' ? { body: JSON.stringify(request.command) } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { ok: false, status: 0, error: `no venue answered at ${venueUrl}${cause === undefined ? '' : ` (${cause})`}` };
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (no venue-sim at that address): kept as text for the message.
  }
  if (response.ok) return { ok: true, body };
  const error = typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string' ? (body as { error: string }).error : text.slice(0, 200);
  return { ok: false, status: response.status, error };
}
