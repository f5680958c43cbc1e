import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimControl } from './simControl.ts';
import { parseSimControlCommand, SIM_CONTROL_KINDS } from './simControlCommand.ts';

/** Where the control route lives: outside Binance's /fapi and /sapi trees, so no client reaches it by accident. */
export const SIM_CONTROL_PATH = '/_sim/faults';

export function isSimControlRequest(url: string | undefined): boolean {
  const pathname = new URL(url ?? '/', 'http://venue.local').pathname;
  return pathname === SIM_CONTROL_PATH || pathname.startsWith('/_sim/');
}

/** Wrong tokens in a row before the route locks, and for how long (RELIABILITY case 40: lockout on repeated failures). */
export const CONTROL_LOCKOUT = { failures: 10, lockMs: 60_000 } as const;

export type SimControlHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/**
 * `GET /_sim/faults` lists what is injected, `POST` (a JSON command, `{"kind": "http5xx", …}`) injects
 * one, `DELETE` clears them. Every call carries `Authorization: Bearer <control token>`; without the
 * token the answer is 401 and nothing is read or changed; after 10 wrong tokens in a row the route
 * answers 429 to everyone for a minute. Control calls never enter the venue's request log or weight
 * count and no injected fault applies to them.
 */
export function createSimControlRoute(token: string, control: SimControl, nowMs: () => number): SimControlHandler {
  let failures = 0;
  let lockedUntilMs = 0;
  return (req, res, body) => {
    const answer = (status: number, payload: unknown): void => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (nowMs() < lockedUntilMs) {
      return answer(429, { error: `the control route is locked after ${CONTROL_LOCKOUT.failures} wrong tokens, until ${new Date(lockedUntilMs).toISOString()}` });
    }
    if (!tokenMatches(req.headers.authorization, token)) {
      failures += 1;
      if (failures >= CONTROL_LOCKOUT.failures) {
        failures = 0;
        lockedUntilMs = nowMs() + CONTROL_LOCKOUT.lockMs;
      }
      return answer(401, { error: 'the control route needs "Authorization: Bearer <RAMPART_VENUE_SIM_CONTROL_TOKEN>"' });
    }
    failures = 0;
    handleAuthorised(req, body, control, answer);
  };
}

function handleAuthorised(req: IncomingMessage, body: string, control: SimControl, answer: (status: number, payload: unknown) => void): void {
  const pathname = new URL(req.url ?? '/', 'http://venue.local').pathname;
  if (pathname !== SIM_CONTROL_PATH) return answer(404, { error: `no control route ${pathname}; the one route is ${SIM_CONTROL_PATH}` });
  switch (req.method) {
    case 'GET':
      return answer(200, control.snapshot());
    case 'DELETE':
      control.clear();
      return answer(200, control.snapshot());
    case 'POST': {
      let input: unknown;
      try {
        input = JSON.parse(body);
      } catch {
        return answer(400, { error: 'the body must be one JSON command, e.g. {"kind":"http5xx","count":2}', kinds: SIM_CONTROL_KINDS });
      }
      const parsed = parseSimControlCommand(input);
      if (!parsed.ok) return answer(400, { error: parsed.problems.join('; '), kinds: SIM_CONTROL_KINDS });
      try {
        control.apply(parsed.command);
      } catch (error) {
        return answer(400, { error: (error as Error).message, kinds: SIM_CONTROL_KINDS });
      }
      return answer(200, { applied: parsed.command, ...control.snapshot() });
    }
    default:
      return answer(405, { error: `${req.method ?? '?'} ${SIM_CONTROL_PATH}: use GET, POST or DELETE` });
  }
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (\S+)$/.exec(header ?? '');
  if (match === null) return false;
  // Digests have one length, so the comparison takes the same time whatever was sent.
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1] as string), digest(token));
}
