import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { lockOwnerOfThisProcess, lockOwnerProcessGone } from './lockOwnerProcess.ts';

test('names this process host:pid, and a live process on this host is not gone', () => {
  assert.equal(lockOwnerOfThisProcess(), `${hostname()}:${process.pid}`);
  assert.equal(lockOwnerProcessGone(lockOwnerOfThisProcess()), false, 'this process is alive');
  assert.equal(lockOwnerProcessGone(`${hostname()}:${process.ppid}`), false, 'the parent process is alive');
});

test('finds the process of a killed holder on this host gone', async () => {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const owner = `${hostname()}:${child.pid}`;
  assert.equal(lockOwnerProcessGone(owner), false, 'alive before the kill');
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await exited;
  assert.equal(lockOwnerProcessGone(owner), true, 'gone after SIGKILL: its lock may be taken over at once');
});

test('never judges a holder on another host, or an owner of another shape, as gone', () => {
  assert.equal(lockOwnerProcessGone('some-other-host:999999'), false, 'another host cannot be checked from here');
  assert.equal(lockOwnerProcessGone(`${hostname()}:not-a-pid`), false);
  assert.equal(lockOwnerProcessGone('test-runner-7'), false);
  assert.equal(lockOwnerProcessGone(`${hostname()}:0`), false, 'pid 0 would signal our own process group');
});
