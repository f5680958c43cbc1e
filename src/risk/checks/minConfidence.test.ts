import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkMinConfidence } from './minConfidence.ts';

describe('checkMinConfidence', () => {
  const cases = [
    { name: 'passes a signal without confidence', confidence: Number.NaN, code: undefined },
    { name: 'passes a confidence at the minimum', confidence: 0.5, code: undefined },
    { name: 'denies a confidence below the minimum', confidence: 0.3, code: 'CONFIDENCE_TOO_LOW' },
  ];
  for (const c of cases) test(c.name, () => assert.equal(checkMinConfidence(c.confidence, 0.5)?.code, c.code, c.name));
});
