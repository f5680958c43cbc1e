import { InputError } from '../../domain/errors/inputError.ts';

/** An API key or secret: prints as [REDACTED] however it is logged, serialised or inspected. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The secret itself: call only where it is handed to the exchange client. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[REDACTED]';
  }
  toJSON(): string {
    return '[REDACTED]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[REDACTED]';
  }
}

/** A trading account as the environment describes it. */
export interface AccountSettings {
  /** Lower-case name, as sleeves name it (`sleeves[].account`). */
  readonly name: string;
  readonly exchange: string;
  /** Capital profile name; undefined when the environment names none. */
  readonly capitalProfile: string | undefined;
  readonly testnet: boolean;
  /** Present only in live mode; paper mode never reads keys into the process's objects. */
  readonly credentials?: { readonly apiKey: Secret; readonly apiSecret: Secret };
}

export interface ParsedAccounts {
  readonly accounts: ReadonlyMap<string, AccountSettings>;
  /** Accounts whose keys were present in the environment and dropped (paper mode). */
  readonly keysIgnoredFor: readonly string[];
}

const VARIABLE = /^RAMPART_ACCOUNT_([A-Z0-9_]+?)_(EXCHANGE|API_KEY|API_SECRET|CAPITAL_PROFILE|TESTNET)$/;
const EXCHANGES = ['binance', 'bybit'];

/**
 * Reads `RAMPART_ACCOUNT_<NAME>_{EXCHANGE,API_KEY,API_SECRET,CAPITAL_PROFILE,TESTNET}` from an
 * environment object. In paper mode key values are never copied: only their presence is reported.
 * Error messages name variables, never their key or secret values.
 */
export function accountsFromEnv(env: Readonly<Record<string, string | undefined>>, mode: 'paper' | 'live'): ParsedAccounts {
  const fields = new Map<string, Map<string, string>>();
  for (const [variable, value] of Object.entries(env)) {
    const match = VARIABLE.exec(variable);
    if (!match || value === undefined) continue;
    const name = match[1].toLowerCase();
    const byField = fields.get(name) ?? new Map<string, string>();
    // Keys are not copied in paper mode, only noted.
    byField.set(match[2], mode === 'paper' && (match[2] === 'API_KEY' || match[2] === 'API_SECRET') ? '' : value);
    fields.set(name, byField);
  }
  const accounts = new Map<string, AccountSettings>();
  const keysIgnoredFor: string[] = [];
  for (const [name, byField] of [...fields.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const prefix = `RAMPART_ACCOUNT_${name.toUpperCase()}`;
    const exchange = (byField.get('EXCHANGE') ?? '').trim().toLowerCase();
    if (!EXCHANGES.includes(exchange)) {
      throw new InputError(`${prefix}_EXCHANGE must be one of ${EXCHANGES.join(', ')}, was "${byField.get('EXCHANGE') ?? '(missing)'}"`, {
        keyPath: `${prefix}_EXCHANGE`,
        value: byField.get('EXCHANGE'),
      });
    }
    const testnetText = (byField.get('TESTNET') ?? 'false').trim().toLowerCase();
    if (!['true', 'false', '1', '0', ''].includes(testnetText)) {
      throw new InputError(`${prefix}_TESTNET must be true or false, was "${byField.get('TESTNET')}"`, { keyPath: `${prefix}_TESTNET`, value: byField.get('TESTNET') });
    }
    const profile = byField.get('CAPITAL_PROFILE')?.trim();
    const hasKeys = byField.has('API_KEY') || byField.has('API_SECRET');
    let credentials: AccountSettings['credentials'];
    if (mode === 'paper') {
      if (hasKeys) keysIgnoredFor.push(name);
    } else {
      const apiKey = byField.get('API_KEY') ?? '';
      const apiSecret = byField.get('API_SECRET') ?? '';
      if (apiKey === '' || apiSecret === '') {
        throw new InputError(`${prefix}_API_KEY and ${prefix}_API_SECRET are both required for live trading, ${apiKey === '' ? '_API_KEY' : '_API_SECRET'} was missing or empty`, {
          keyPath: apiKey === '' ? `${prefix}_API_KEY` : `${prefix}_API_SECRET`,
        });
      }
      credentials = { apiKey: new Secret(apiKey), apiSecret: new Secret(apiSecret) };
    }
    accounts.set(name, {
      name,
      exchange,
      capitalProfile: profile === undefined || profile === '' ? undefined : profile,
      testnet: testnetText === 'true' || testnetText === '1',
      ...(credentials ? { credentials } : {}),
    });
  }
  return { accounts, keysIgnoredFor };
}
