import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkTradingSession, inSession } from './tradingSession.ts';
import { DEFAULT_SESSIONS } from '../guardrailPresets.ts';

describe('checkTradingSession', () => {
  const at = (hour: number) => Date.UTC(2024, 4, 6, hour, 30);
  const cases = [
    { name: 'passes when no session is blocked', hour: 3, blocked: [], expected: undefined },
    { name: 'denies an entry at 03:30 UTC when asia is blocked', hour: 3, blocked: ['asia'], expected: 'asia' },
    { name: 'passes at 10:30 UTC when asia is blocked', hour: 10, blocked: ['asia'], expected: undefined },
    { name: 'denies at 14:30 UTC when new_york is blocked', hour: 14, blocked: ['new_york'], expected: 'new_york' },
    { name: 'passes at 22:30 UTC with london and new_york blocked', hour: 22, blocked: ['london', 'new_york'], expected: undefined },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const denial = checkTradingSession(at(c.hour), c.blocked, DEFAULT_SESSIONS);
      assert.equal(denial?.code === 'SESSION_BLOCKED' ? denial.session : undefined, c.expected, c.name);
    });
  }

  test('a session that wraps midnight covers both sides of it', () => {
    const overnight = { startHourUtc: 22, endHourUtc: 2 };
    assert.equal(inSession(23, overnight), true, '23h is inside 22–02');
    assert.equal(inSession(1, overnight), true, '01h is inside 22–02');
    assert.equal(inSession(2, overnight), false, 'the end hour is exclusive');
  });
});
