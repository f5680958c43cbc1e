import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { createPinoLogger, LOG_FIELD_ALLOW_LIST } from './pinoLogger.ts';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('createPinoLogger', () => {
  test('writes one JSON line per event with its allow-listed fields', () => {
    const { stream, lines } = capture();
    const logger = createPinoLogger(stream as never);
    logger.info('fill', { sleeve: 'BTC', price: 42000.5, quantity: '0.010' });
    const [line] = lines();
    assert.equal(line.event, 'fill');
    assert.equal(line.sleeve, 'BTC');
    assert.equal(line.price, 42000.5);
  });

  test('redacts any field that is not on the allow-list', () => {
    const { stream, lines } = capture();
    const logger = createPinoLogger(stream as never);
    logger.warn('startup', { apiSecret: 'hunter2-secret', databaseUrl: 'postgres://u:pw@host/db', account: 'main' });
    const text = JSON.stringify(lines());
    assert.ok(!text.includes('hunter2-secret'), 'the secret must not be written');
    assert.ok(!text.includes('pw@host'), 'a URL with a password must not be written');
    assert.match(text, /"apiSecret":"\[REDACTED\]"/);
    assert.match(text, /"account":"main"/, 'allowed fields pass');
  });

  test('writes the severity, kind and end of an alert as they are, while secrets stay redacted', () => {
    const { stream, lines } = capture();
    const logger = createPinoLogger(stream as never);
    logger.error('alert_ip_banned', { account: 'main', severity: 'CRITICAL', kind: 'IP_BANNED', untilMs: 1_700_000_000_000, code: -1003, reason: 'banned until 12:00', apiKey: 'key-value-1', apiSecret: 'secret-value-2', signature: 'sig-value-3' });
    const [line] = lines();
    assert.equal(line.severity, 'CRITICAL', 'an alert says how bad it is');
    assert.equal(line.kind, 'IP_BANNED');
    assert.equal(line.untilMs, 1_700_000_000_000, 'and until when');
    assert.equal(line.code, -1003);
    const text = JSON.stringify(line);
    for (const secret of ['key-value-1', 'secret-value-2', 'sig-value-3']) assert.ok(!text.includes(secret), `${secret} is not written`);
    assert.equal(line.apiSecret, '[REDACTED]');
  });

  test('every field a log call under src/ names is on the allow-list: nothing legitimate is written as [REDACTED]', () => {
    const src = resolve(import.meta.dirname, '../../../src');
    const unlisted: string[] = [];
    let scannedFields = 0;
    for (const file of sourceFiles(src)) {
      const text = readFileSync(file, 'utf8');
      for (const call of text.matchAll(/\blogger\??\.(?:info|warn|error)\(\s*(?:'[^']*'|`[^`]*`|[\w$.]+\([^()]*\))\s*,\s*/g)) {
        const at = (call.index ?? 0) + call[0].length;
        const fields = text[at] === '{' ? objectKeys(text, at) : identifierObjectKeys(text, /^[A-Za-z_$][\w$]*/.exec(text.slice(at))?.[0]);
        const lineNumber = text.slice(0, at).split('\n').length;
        scannedFields += fields.length;
        for (const field of fields) if (!LOG_FIELD_ALLOW_LIST.has(field)) unlisted.push(`${relative(src, file)}:${lineNumber} ${field}`);
      }
    }
    assert.ok(scannedFields > 100, `the scan found the log calls' fields (${scannedFields})`);
    assert.deepEqual(unlisted, [], 'fields logged but redacted by the allow-list: add them to LOG_FIELD_ALLOW_LIST if they hold no secret, or rename them');
  });
});

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

/** Top-level keys of the object literal opening at `start` (`{ account, symbol: s, ...rest }` → account, symbol). */
function objectKeys(text: string, start: number): string[] {
  const keys: string[] = [];
  let depth = 0;
  let entry = '';
  for (let i = start; i < text.length; i++) {
    const char = text[i] as string;
    if (char === "'" || char === '"' || char === '`') {
      // A string's commas and braces are not the object's.
      let end = i + 1;
      while (end < text.length && text[end] !== char) end += text[end] === '\\' ? 2 : 1;
      entry += text.slice(i, end + 1);
      i = end;
      continue;
    }
    if (char === '{' || char === '(' || char === '[') depth++;
    if (char === '}' || char === ')' || char === ']') depth--;
    if (depth === 0) {
      keys.push(entry);
      break;
    }
    if (depth === 1 && char === ',') {
      keys.push(entry);
      entry = '';
    } else if (depth >= 1 && !(depth === 1 && char === '{' && i === start)) {
      entry += char;
    }
  }
  return keys
    .map((raw) => raw.trim())
    .filter((raw) => raw.length > 0 && !raw.startsWith('...'))
    .map((raw) => /^['"]?([\w$]+)['"]?/.exec(raw)?.[1] ?? raw);
}

/** Keys of a `const <name> = { … }` in the same file (a line object built before the call). */
function identifierObjectKeys(text: string, name: string | undefined): string[] {
  if (name === undefined) return [];
  const declaration = new RegExp(`const ${name}\\s*(?::[^=]+)?=\\s*\\{`).exec(text);
  if (declaration === null) return [];
  return objectKeys(text, declaration.index + declaration[0].length - 1);
}
