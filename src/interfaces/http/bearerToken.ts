import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an Authorization header carries `expected` as its bearer token. Both sides are hashed first,
 * so the comparison takes the same time whatever the length or the first differing character.
 */
export function bearerMatches(header: string | undefined, expected: string): boolean {
  const given = /^Bearer (\S+)$/.exec(header ?? '')?.[1] ?? '';
  const digest = (text: string): Buffer => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected)) && given !== '';
}

