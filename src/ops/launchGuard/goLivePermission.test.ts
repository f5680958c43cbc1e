import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goLivePermission, type GoLiveObservation } from './goLivePermission.ts';

const active: GoLiveObservation = { activationEnabled: true, flagPath: '/srv/go_live.active', flagPresent: true, lastSwitch: { kind: 'ACTIVATED', atMs: Date.UTC(2026, 11, 5), actor: 'ops@host' } };

test('allows entries only with the file enabled, the flag present and an activation recorded', () => {
  assert.equal(goLivePermission(active).allowed, true);
});

const refusals: Array<[string, Partial<GoLiveObservation>, RegExp]> = [
  ['an unreadable go-live file', { activationEnabled: undefined, fileError: 'EACCES' }, /could not be read \(EACCES\)/],
  ['activation disabled in the file', { activationEnabled: false }, /activationEnabled is false/],
  ['a deleted flag file', { flagPresent: false }, /no flag file \/srv\/go_live\.active/],
  ['no activation in the store', { lastSwitch: undefined }, /no activation recorded/],
  ['a deactivation after it', { lastSwitch: { kind: 'DEACTIVATED', atMs: 1, actor: 'night-shift' } }, /deactivated by night-shift/],
];
for (const [name, change, reason] of refusals) {
  test(`refuses entries on ${name}, saying why`, () => {
    const permission = goLivePermission({ ...active, ...change });
    assert.equal(permission.allowed, false);
    assert.match(permission.reason, reason);
  });
}
