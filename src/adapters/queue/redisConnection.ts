import { InputError } from '../../domain/errors/inputError.ts';

/** ioredis connection options from a `redis://[user:password@]host:port[/db]` URL (what BullMQ takes). */
export function redisConnection(url: string): { host: string; port: number; db: number; username?: string; password?: string; maxRetriesPerRequest: null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`--queue must be a redis://host:port URL, was "${url}"`, { keyPath: '--queue', value: url });
  }
  if (parsed.protocol !== 'redis:') throw new InputError(`--queue must be a redis://host:port URL, was "${url}"`, { keyPath: '--queue', value: url });
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    // BullMQ's blocking calls need ioredis to wait for the server instead of failing requests.
    maxRetriesPerRequest: null,
  };
}
