import type { ControlSurface } from '../../app/services/controlSurface.ts';
import { InputError } from '../../app/sharedWithInterfaces.ts';
import { createHttpServer } from './createHttpServer.ts';

export interface HttpListenOptions {
  readonly port: number;
  /** Default 127.0.0.1: the admin routes are not for the open network unless the operator says so. */
  readonly host?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** One line to the operator (where it listens, whether admin routes are on); never the token. */
  readonly say: (line: string) => void;
}

/** Shortest admin token accepted: a guessable one would make the rate limit the only guard. */
export const MIN_ADMIN_TOKEN_CHARS = 16;

/** Starts the server; resolves to its stop. Admin routes only with RAMPART_ADMIN_TOKEN. */
export async function startHttpServer(surface: ControlSurface, options: HttpListenOptions): Promise<{ readonly url: string; close(): Promise<void> }> {
  const adminToken = options.env.RAMPART_ADMIN_TOKEN;
  const readToken = options.env.RAMPART_READ_TOKEN;
  for (const [name, token] of [['RAMPART_ADMIN_TOKEN', adminToken], ['RAMPART_READ_TOKEN', readToken]] as const) {
    if (token !== undefined && token.length < MIN_ADMIN_TOKEN_CHARS) throw new InputError(`${name} must be at least ${MIN_ADMIN_TOKEN_CHARS} characters, was ${token.length} (value not shown)`, { keyPath: name });
  }
  if (adminToken !== undefined && adminToken === readToken) throw new InputError('RAMPART_READ_TOKEN must differ from RAMPART_ADMIN_TOKEN', { keyPath: 'RAMPART_READ_TOKEN' });
  const app = await createHttpServer(surface, { ...(adminToken !== undefined && adminToken !== '' ? { admin: { adminToken } } : {}), ...(readToken !== undefined ? { readToken } : {}) });
  const host = options.host ?? '127.0.0.1';
  const address = await app.listen({ port: options.port, host });
  options.say(`http: listening on ${address} (/health, /ready, /metrics, /api/, the dashboard at /dashboard/); admin routes ${adminToken !== undefined ? 'on (RAMPART_ADMIN_TOKEN)' : 'off: RAMPART_ADMIN_TOKEN is not set'}`);
  return { url: address, close: () => app.close() };
}
