import { OperationFailedError } from '../../domain/errors/operationFailedError.ts';

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * Fail closed: ioredis retries forever, so a Redis that does not answer (a mistyped host or port) would
 * leave a submitter or a worker waiting in silence. `ready` is refused after `timeoutMs` with the address.
 */
export async function redisReadyWithin(ready: Promise<unknown>, url: string, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OperationFailedError(`no Redis answered at ${redactedUrl(url)} within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    await Promise.race([ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
