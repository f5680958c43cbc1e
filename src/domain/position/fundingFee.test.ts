import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fundingFeeOverSpan, fundingPayment } from './fundingFee.ts';
import { sharedPath, skipWithoutShared } from '../../../test/support/sharedData.ts';

interface FundingCase {
  exchange: string;
  rates: Array<[number, number]>;
  open: string;
  close: string;
  amount: number;
  expected_short: number;
}

/**
 * The mark freqtrade's test used: every expected value equals Σ rate × 2.77 × amount (for example
 * 30 × 3e-6 × 2.77 = 0.0002493 and 30 × (8e-6 + 3e-6) × 2.77 = 0.0009141), i.e. its fixture's mark
 * opens are 2.77 at both funding times. `expected_short` is what the short receives in freqtrade's sign
 * (negative: the short pays with negative rates), the negation of what fundingFeeOverSpan returns.
 */
const MARK_OPEN = 2.77;

const utcMs = (text: string) => Date.parse(`${text.replace(' ', 'T')}Z`);

describe('fundingPayment', () => {
  test('longs pay a positive rate, shorts receive it', () => {
    assert.equal(fundingPayment(2, 100, 0.001), 0.2, 'long pays qty × mark × rate');
    assert.equal(fundingPayment(-2, 100, 0.001), -0.2, 'short receives');
    assert.equal(fundingPayment(-2, 100, -0.001), 0.2, 'short pays a negative rate');
  });
});

describe('fundingFeeOverSpan against freqtrade cases', { skip: skipWithoutShared }, () => {
  const cases = skipWithoutShared ? [] : (JSON.parse(readFileSync(sharedPath('expected/freqtrade/funding_fee_cases.json'), 'utf8')) as FundingCase[]);
  test('has the cases', () => assert.ok(cases.length >= 10, `found ${cases.length} cases`));
  for (const [k, c] of cases.entries()) {
    test(`case ${k} (${c.exchange}, ${c.open} → ${c.close}, ${c.rates.length} rates, amount ${c.amount})`, () => {
      const paid = fundingFeeOverSpan(c.rates, () => MARK_OPEN, -c.amount, utcMs(c.open), utcMs(c.close));
      assert.ok(Math.abs(-paid - c.expected_short) < 1e-9, `short receives ${-paid}, freqtrade expects ${c.expected_short}`);
    });
  }
});

describe('fundingFeeOverSpan', () => {
  test('refuses to guess a missing mark', () => {
    assert.throws(() => fundingFeeOverSpan([[0, 0.001]], () => undefined, 1, 0, 1), /no mark price/);
  });
});
