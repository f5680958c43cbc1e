/** What a report shows for a figure that does not exist (NaN, ±Infinity, missing). */
export const MISSING = '—';

const GROUPING_LIMIT = 1e15;

/** `value` with `decimals` fixed digits and comma thousands separators; '—' when not finite. */
export function formatNumber(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return MISSING;
  if (Math.abs(value) >= GROUPING_LIMIT) return value.toExponential(3);
  const fixed = Math.abs(value).toFixed(decimals);
  const [integerPart, fractionPart] = fixed.split('.');
  const grouped = integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = fractionPart === undefined ? grouped : `${grouped}.${fractionPart}`;
  // A value that rounds to zero prints without a sign: '-0.00' reads as a loss that is not there.
  const isZero = /^[0.,]*$/.test(body);
  return value < 0 && !isZero ? `-${body}` : body;
}

/** Integer counts (trades, bars): grouped, no decimals. */
export function formatInteger(value: number): string {
  return formatNumber(value, 0);
}

/** Percent figures are already in percent (12.5 means 12.5%). `signed` adds '+' to gains. */
export function formatPct(valuePct: number, options: { decimals?: number; signed?: boolean } = {}): string {
  if (!Number.isFinite(valuePct)) return MISSING;
  const body = formatNumber(valuePct, options.decimals ?? 2);
  const plus = options.signed === true && !body.startsWith('-') && /[1-9]/.test(body) ? '+' : '';
  return `${plus}${body}%`;
}

/** Money in the account currency, two decimals; the currency code is appended when given. */
export function formatMoney(value: number, currency?: string): string {
  const body = formatNumber(value, 2);
  return currency === undefined || body === MISSING ? body : `${body} ${currency}`;
}

/** Prices keep more digits the smaller they are, so 0.000123 and 43,210.50 both read right. */
export function formatPrice(value: number): string {
  if (!Number.isFinite(value)) return MISSING;
  const magnitude = Math.abs(value);
  const decimals = magnitude >= 1000 ? 2 : magnitude >= 1 ? 4 : magnitude >= 0.01 ? 6 : 8;
  return formatNumber(value, decimals);
}

/** Quantities: up to 8 decimals, trailing zeros dropped (0.015, not 0.01500000). */
export function formatQuantity(value: number): string {
  const text = formatNumber(value, 8);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Plain ratios such as Sharpe or profit factor. */
export function formatRatio(value: number): string {
  return formatNumber(value, 2);
}

const DURATION_UNITS: Array<[label: string, ms: number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
];

/** A duration as its two largest units: '1h', '15m', '3d 4h', '250ms'. */
export function formatDurationMs(durationMs: number): string {
  if (!Number.isFinite(durationMs) || durationMs < 0) return MISSING;
  if (durationMs < 1000) return `${Math.round(durationMs)}ms`;
  const parts: string[] = [];
  let remainingMs = durationMs;
  let unitsLeft = 0;
  for (const [label, unitMs] of DURATION_UNITS) {
    const count = Math.floor(remainingMs / unitMs);
    // The two largest units are the first non-zero one and the one below it ('1d', not '1d 1m').
    if (parts.length === 0 && count === 0) continue;
    if (parts.length === 0) unitsLeft = 2;
    if (count > 0) parts.push(`${count}${label}`);
    remainingMs -= count * unitMs;
    unitsLeft -= 1;
    if (unitsLeft === 0) break;
  }
  return parts.join(' ');
}

/** An ISO-8601 UTC time as 'YYYY-MM-DD HH:mm' (seconds kept only when present); raw text if unparseable. */
export function formatTime(iso: string): string {
  const timeMs = Date.parse(iso);
  if (!Number.isFinite(timeMs)) return iso;
  const full = new Date(timeMs).toISOString();
  const seconds = full.slice(17, 19);
  const withSeconds = seconds !== '00' || !full.endsWith('.000Z');
  return `${full.slice(0, 10)} ${full.slice(11, withSeconds ? 19 : 16)}`;
}

/**
 * A cash flow whose sign the reader should not have to decode: positive is money the account paid
 * (the engine's `fundingPaid`), negative money it received — 'paid 3.56 USDT', 'received 11.97 USDT', 'none'.
 */
export function formatPaidOrReceived(paid: number, currency?: string): string {
  if (!Number.isFinite(paid)) return MISSING;
  const amount = formatMoney(Math.abs(paid), currency);
  if (/^[0.,]*$/.test(formatNumber(Math.abs(paid), 2))) return 'none';
  return paid > 0 ? `paid ${amount}` : `received ${amount}`;
}
