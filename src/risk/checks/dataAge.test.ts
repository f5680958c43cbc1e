import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkDataAge } from './dataAge.ts';
import { marketOf } from '../riskFixtures.ts';

describe('checkDataAge', () => {
  const t = 10_000_000;
  const cases = [
    { name: 'passes data 30 s old under 60 s', market: marketOf({ markTimeMs: t - 30_000 }), code: undefined },
    { name: 'denies an entry on data 90 s old', market: marketOf({ markTimeMs: t - 90_000 }), code: 'DATA_STALE' },
    { name: 'denies an entry without market data', market: undefined, code: 'DATA_STALE' },
    { name: 'denies an entry when the data time is unknown', market: marketOf({ markTimeMs: Number.NaN }), code: 'DATA_STALE' },
    { name: 'measures from the decision data, not a fresh mark: a bar closed 90 s ago is stale', market: marketOf({ markTimeMs: t, dataTimeMs: t - 90_000 }), code: 'DATA_STALE' },
    { name: 'passes a bar closed 30 s ago even when the mark is older', market: marketOf({ markTimeMs: t - 120_000, dataTimeMs: t - 30_000 }), code: undefined },
    { name: 'denies an entry when the decision data time is unknown (NaN)', market: marketOf({ markTimeMs: t, dataTimeMs: Number.NaN }), code: 'DATA_STALE' },
  ];
  for (const c of cases) test(c.name, () => assert.equal(checkDataAge(c.market, t, 60)?.code, c.code, c.name));
});
