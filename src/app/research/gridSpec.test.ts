import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { test } from 'node:test';
import { InputError } from '../../domain/errors/inputError.ts';
import { loadGridSpec } from './gridSpec.ts';

test('a mistyped grid path is refused as a grid file (exit 2), naming the path', () => {
  const missing = join(tmpdir(), 'rampart-no-such-grid.yaml');
  assert.throws(() => loadGridSpec(missing), (error: unknown) => error instanceof InputError && /^cannot read grid file .*rampart-no-such-grid\.yaml: no such file$/.test(error.message));
});
