import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/rehearsal.sh');

/** The command lines of the README's rehearsal: its two sh blocks (terminal 1, terminal 2). */
function readmeSteps(): { terminal1: string[]; terminal2: string[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Rehearsal against the local venue'));
  assert.ok(section.length > 0, 'the README has its rehearsal section');
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].slice(0, 2).map((match) => commandLines(match[1] as string));
  assert.equal(blocks.length, 2, 'two code blocks: terminal 1 and terminal 2');
  return { terminal1: blocks[0] as string[], terminal2: blocks[1] as string[] };
}

/** The script's lines between `# BEGIN <name>` and `# END <name>`. */
function scriptBlock(name: string): string[] {
  const script = readFileSync(SCRIPT, 'utf8');
  const begin = script.indexOf('\n', script.indexOf(`# BEGIN ${name}`));
  const end = script.indexOf(`# END ${name}`);
  assert.ok(begin > 0 && end > begin, `the script marks ${name}`);
  return commandLines(script.slice(begin, end));
}

function commandLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

test('the rehearsal script runs the README\'s rehearsal steps, line for line', () => {
  const readme = readmeSteps();
  // Terminal 1 runs in the background in the script; the command is the README's.
  assert.deepEqual(scriptBlock('terminal 1').map((line) => line.replace(/ > venue-sim\.log 2>&1 &$/, '')), readme.terminal1);
  assert.deepEqual(scriptBlock('terminal 2'), readme.terminal2);
  assert.ok(readme.terminal2.some((line) => line.startsWith('rampart run --real')) && readme.terminal2.some((line) => line.startsWith('rampart venue-sim fault')), 'the steps go live and inject a fault');
});

test(
  'the README\'s rehearsal runs against venue-sim as written: check refuses an injected clock skew, run --real trades through a 503 after accept, status, kill, reset',
  async () => {
    const work = mkdtempSync(join(tmpdir(), 'rampart-rehearsal-test-'));
    try {
      const child = spawn('bash', [SCRIPT, work], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: tmpdir() }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), 280_000);
      const code = await new Promise<number | null>((done) => child.once('close', (exitCode) => done(exitCode)));
      clearTimeout(timer);
      assert.equal(code, 0, `the script exits 0; it printed:\n${output}`);
      assert.match(output, /RAMPART_ACCOUNT_DEFAULT_EXCHANGE=binanceusdm/, 'the venue prints the variables Rampart reads');
      assert.match(output, /all hard checks passed/);
      assert.match(output, /FAIL\s+clock offset\s+1\d{4} ms/, 'the injected clock skew fails check');
      assert.match(output, /check refused the skewed clock, as it must/);
      assert.match(output, /faults cleared/);
      assert.match(output, /"event":"order_sent".*"status":"FILLED"/, 'run --real sent an order and learnt its outcome despite the 503 after accept');
      assert.match(output, /"queued": \[\]/, 'the 503 was spent on that order');
      assert.match(output, /positions: \n\s+[A-Z]+USDT\s+qty\s+\d/, 'status shows the position the run opened');
      assert.match(output, /kill recorded for default/);
      assert.match(output, /state HALTED/, 'status shows the kill');
      assert.match(output, /reset recorded for default/);
      assert.match(output, /rehearsal passed/);
      assert.doesNotMatch(output, /[0-9a-f]{64}/, 'no secret or control token (64 hex digits) is printed');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
);
