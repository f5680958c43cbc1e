import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';

const CLI = resolve(import.meta.dirname, '../../../../bin/rampart.mjs');

interface Run {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

function rampart(args: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Run {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => child.once('close', (code) => done({ code, stdout: out, stderr: err })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** `rampart venue-sim --port 0 …` in `cwd`, once it has printed its last line of instructions. */
async function startVenue(cwd: string, args: readonly string[] = []): Promise<Run & { url: string; port: number }> {
  const run = rampart(['venue-sim', '--port', '0', ...args], cwd);
  const printed = await new Promise<string>((done, fail) => {
    const poll = setInterval(() => {
      if (run.stdout().includes('Ctrl-C stops the venue')) {
        clearInterval(poll);
        done(run.stdout());
      }
    }, 50);
    void run.exited.then(({ code, stderr }) => {
      clearInterval(poll);
      fail(new Error(`venue-sim exited ${code} before listening: ${stderr}`));
    });
  });
  const url = /REST (http:\/\/\S+)/.exec(printed)?.[1];
  assert.ok(url !== undefined, `venue-sim prints its REST origin:\n${printed}`);
  return Object.assign(run, { url, port: Number(new URL(url).port) });
}

async function stop(run: Run): Promise<number | null> {
  if (run.child.exitCode === null) run.child.kill('SIGTERM');
  return (await run.exited).code;
}

function get(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  return new Promise((done, fail) => {
    const target = new URL(path, url);
    request({ host: target.hostname, port: target.port, path: target.pathname + target.search, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, text }));
    })
      .on('error', fail)
      .end();
  });
}

/** Peak resident memory of a process so far (Linux), kB: what reading a body whole would raise. */
function peakRssKb(pid: number): number {
  const line = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  assert.ok(line !== null, 'the process reports VmHWM');
  return Number(line[1]);
}

/** Streams `totalBytes` as a chunked body (no Content-Length: the cap has to be found while reading). */
function postChunked(url: string, path: string, totalBytes: number): Promise<{ status: number; sentBytes: number }> {
  return new Promise((done, fail) => {
    const target = new URL(path, url);
    let sentBytes = 0;
    let answered = false;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'Transfer-Encoding': 'chunked', 'Content-Type': 'application/x-www-form-urlencoded' } }, (res) => {
      answered = true;
      res.resume();
      done({ status: res.statusCode ?? 0, sentBytes });
      req.destroy();
    });
    req.on('error', (error) => {
      if (!answered) fail(error);
    });
    const pump = (): void => {
      while (!answered && sentBytes < totalBytes) {
        sentBytes += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('rampart venue-sim (the real CLI process)', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-venue-sim-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  test('prints the variables Rampart reads for the account with its secrets masked, and writes them in full to a 0600 env file', async () => {
    const cwd = tempDir();
    const venue = await startVenue(cwd, ['--account', 'rehearsal']);
    try {
      const printed = venue.stdout();
      const envPath = join(cwd, 'venue-sim.env');
      assert.equal(statSync(envPath).mode & 0o777, 0o600, 'only its owner can read the env file');
      const variables = Object.fromEntries(
        readFileSync(envPath, 'utf8')
          .split('\n')
          .flatMap((line) => {
            const match = /^([A-Z_]+)='(.*)'$/.exec(line);
            return match === null ? [] : [[match[1], match[2]]];
          }),
      ) as Record<string, string>;
      assert.equal(variables.RAMPART_ACCOUNT_REHEARSAL_EXCHANGE, 'binanceusdm', 'the exchange id Rampart reads, a ccxt id');
      const key = variables.RAMPART_ACCOUNT_REHEARSAL_API_KEY as string;
      const secret = variables.RAMPART_ACCOUNT_REHEARSAL_API_SECRET as string;
      const token = variables.RAMPART_VENUE_SIM_CONTROL_TOKEN as string;
      assert.ok(key.length >= 16 && secret.length >= 32 && token.length >= 32, 'random key, secret and control token');
      assert.equal(variables.RAMPART_VENUE_SIM_URL, venue.url);

      assert.match(printed, /RAMPART_ACCOUNT_REHEARSAL_EXCHANGE=binanceusdm/);
      assert.match(printed, /RAMPART_ACCOUNT_REHEARSAL_API_KEY=\*{4}/, 'the key is listed, masked');
      assert.match(printed, /RAMPART_ACCOUNT_REHEARSAL_API_SECRET=\*{4} \(64 chars\)/, 'the secret is listed, masked');
      for (const [name, value] of [['API key', key], ['API secret', secret], ['control token', token]] as const) {
        assert.ok(!printed.includes(value) && !venue.stderr().includes(value), `the ${name} is never printed in clear`);
      }
      assert.doesNotMatch(printed, /BINANCE_API_KEY|RAMPART_VENUE_URL=/, 'no variable that nothing reads');
      assert.match(printed, /set -a; \. \.\/venue-sim\.env; set \+a/, 'how to load the file');
      assert.match(printed, new RegExp(`rampart check -c FILE --account rehearsal --base-url ${venue.url}`));
      assert.match(printed, new RegExp(`--base-url ${venue.url} --ws-url ws://127\\.0\\.0\\.1:${venue.port}\\n`));
      assert.equal(new URL(venue.url).hostname, '127.0.0.1', 'loopback unless told otherwise');
      assert.equal(venue.stderr(), '', 'no warning on loopback');

      const query = `timestamp=${Date.now()}`;
      const signature = createHmac('sha256', secret).update(query).digest('hex');
      const balance = await get(venue.url, `/fapi/v2/balance?${query}&signature=${signature}`, { 'X-MBX-APIKEY': key });
      assert.equal(balance.status, 200, `the env file's key and secret are the venue's: ${balance.text}`);
    } finally {
      assert.equal(await stop(venue), 0, 'SIGTERM stops the venue cleanly');
    }
    assert.ok(!existsSync(join(cwd, 'venue-sim.env')), 'the stopped venue removed its env file');
  });

  test('writes its variables to a --vars-file path that does not exist yet', async () => {
    const cwd = tempDir();
    const venue = await startVenue(cwd, ['--vars-file', 'rehearsal.vars']);
    try {
      assert.equal(statSync(join(cwd, 'rehearsal.vars')).mode & 0o777, 0o600);
      assert.match(venue.stdout(), /set -a; \. \.\/rehearsal\.vars; set \+a/);
    } finally {
      await stop(venue);
    }
  });

  test('refuses to overwrite an env file it did not write (exit 2, file untouched), unless --overwrite-vars-file', async () => {
    const cwd = tempDir();
    const mine = join(cwd, 'mine.env');
    writeFileSync(mine, 'MY_OWN=1\n', { mode: 0o644 });
    const refused = await rampart(['venue-sim', '--port', '0', '--vars-file', 'mine.env'], cwd).exited;
    assert.equal(refused.code, 2, `exit 2, printed: ${refused.stderr}`);
    assert.match(refused.stderr, /mine\.env exists and was not written by rampart venue-sim: pass --overwrite-vars-file/);
    assert.equal(readFileSync(mine, 'utf8'), 'MY_OWN=1\n', 'the operator\'s file is untouched');

    const venue = await startVenue(cwd, ['--vars-file', 'mine.env', '--overwrite-vars-file']);
    try {
      assert.match(readFileSync(mine, 'utf8'), /^# written by rampart venue-sim/, 'replaced when told');
      assert.equal(statSync(mine).mode & 0o777, 0o600, 'the replaced file is 0600, not the old file\'s 0644');
    } finally {
      await stop(venue);
    }
  });

  test('warns on stderr when told to bind an interface other than loopback', async () => {
    const venue = await startVenue(tempDir(), ['--host', '0.0.0.0']);
    try {
      assert.match(venue.stderr(), /warning: venue-sim binds 0\.0\.0\.0, not loopback/);
    } finally {
      await stop(venue);
    }
  });

  test('refuses a 20 MB request body with 413 while reading it, without the process holding it in memory', async () => {
    const venue = await startVenue(tempDir());
    try {
      const pid = venue.child.pid as number;
      const peakBeforeKb = peakRssKb(pid);
      const streamed = await postChunked(venue.url, '/fapi/v1/order', 20 * 1024 * 1024);
      assert.equal(streamed.status, 413);
      const declared = await new Promise<number>((done, fail) => {
        const target = new URL('/fapi/v1/order', venue.url);
        const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'Content-Length': String(20 * 1024 * 1024) } }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
          req.destroy();
        });
        req.on('error', fail);
        req.flushHeaders();
      });
      assert.equal(declared, 413, 'a declared 20 MB body is refused from its Content-Length, before a byte of it is read');
      const growthKb = peakRssKb(pid) - peakBeforeKb;
      assert.ok(growthKb < 8 * 1024, `peak memory grew by ${growthKb} kB for a 20 MB body (a whole read would add 20 MB or more)`);
      assert.equal((await get(venue.url, '/fapi/v1/ping')).status, 200, 'the venue still serves');
    } finally {
      await stop(venue);
    }
  });

  describe('rampart venue-sim fault', () => {
    let cwd: string;
    let venue: Awaited<ReturnType<typeof startVenue>>;
    before(async () => {
      cwd = tempDir();
      venue = await startVenue(cwd);
    });
    after(async () => {
      await stop(venue);
    });

    test('injects a fault the running venue then applies to its next matching request', async () => {
      const injected = await rampart(['venue-sim', 'fault', 'http5xx', '--status', '503', '--path', 'GET /fapi/v1/ping', '--count', '1', '--port', String(venue.port)], cwd).exited;
      assert.equal(injected.code, 0, `exit 0, printed: ${injected.stdout}${injected.stderr}`);
      assert.match(injected.stdout, /injected at http:\/\/127\.0\.0\.1:\d+: \{"kind":"http5xx"/);
      assert.equal((await get(venue.url, '/fapi/v1/ping')).status, 503, 'the next ping meets the fault');
      assert.equal((await get(venue.url, '/fapi/v1/ping')).status, 200, 'and only that one');
    });

    test('lists the faults in force and clears them: a skewed venue clock is put back', async () => {
      const skew = await rampart(['venue-sim', 'fault', 'clockSkewMs', '--ms', '120000', '--port', String(venue.port)], cwd).exited;
      assert.equal(skew.code, 0, skew.stderr);
      const serverTime = async (): Promise<number> => (JSON.parse((await get(venue.url, '/fapi/v1/time')).text) as { serverTime: number }).serverTime;
      assert.ok((await serverTime()) - Date.now() > 100_000, 'the venue clock runs two minutes ahead');
      const listed = await rampart(['venue-sim', 'fault', '--list', '--port', String(venue.port)], cwd).exited;
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, /"kind": "clockSkewMs",\s+"ms": 120000/);
      const cleared = await rampart(['venue-sim', 'fault', '--clear', '--port', String(venue.port)], cwd).exited;
      assert.equal(cleared.code, 0, cleared.stderr);
      assert.ok(Math.abs((await serverTime()) - Date.now()) < 10_000, 'the venue clock is back');
    });

    test('an unknown fault kind exits 2 listing the valid kinds, and nothing reaches the venue', async () => {
      const result = await rampart(['venue-sim', 'fault', 'meteor', '--port', String(venue.port)], cwd).exited;
      assert.equal(result.code, 2);
      assert.match(result.stderr, /unknown fault kind "meteor": valid kinds are latency, http5xxAfterAccept, http5xx, .*symbolFilters/);
      const option = await rampart(['venue-sim', 'fault', 'http5xx', '--ms', '5', '--port', String(venue.port)], cwd).exited;
      assert.equal(option.code, 2, 'an option the kind does not take is refused, not ignored');
      const listed = await rampart(['venue-sim', 'fault', '--list', '--port', String(venue.port)], cwd).exited;
      assert.match(listed.stdout, /"queued": \[\]/, 'nothing was injected');
    });

    test('places an order that is not Rampart\'s on the venue account, as a foreign-activity drill', async () => {
      const placed = await rampart(['venue-sim', 'fault', 'externalOrder', '--symbol', 'BTCUSDT', '--side', 'sell', '--quantity', '0.002', '--port', String(venue.port)], cwd).exited;
      assert.equal(placed.code, 0, `exit 0, printed: ${placed.stdout}${placed.stderr}`);
      const vars = readFileSync(join(cwd, 'venue-sim.env'), 'utf8');
      const key = /_API_KEY='([0-9a-f]+)'/.exec(vars)?.[1] as string;
      const secret = /_API_SECRET='([0-9a-f]+)'/.exec(vars)?.[1] as string;
      const query = `symbol=BTCUSDT&timestamp=${Date.now()}`;
      const signature = createHmac('sha256', secret).update(query).digest('hex');
      const risk = await get(venue.url, `/fapi/v2/positionRisk?${query}&signature=${signature}`, { 'X-MBX-APIKEY': key });
      const position = (JSON.parse(risk.text) as Array<{ symbol: string; positionAmt: string }>).find((p) => p.symbol === 'BTCUSDT');
      assert.equal(Number(position?.positionAmt), -0.002, 'the venue account now holds the foreign short');
    });

    test('reaches the venue from another directory with --port and --vars-file', async () => {
      const elsewhere = tempDir();
      const varsFile = join(cwd, 'venue-sim.env');
      const injected = await rampart(['venue-sim', 'fault', 'latency', '--ms', '1', '--count', '3', '--port', String(venue.port), '--vars-file', varsFile], elsewhere).exited;
      assert.equal(injected.code, 0, `exit 0, printed: ${injected.stdout}${injected.stderr}`);
      const token = /RAMPART_VENUE_SIM_CONTROL_TOKEN='([0-9a-f]+)'/.exec(readFileSync(varsFile, 'utf8'))?.[1];
      const listed = await rampart(['venue-sim', 'fault', '--list', '--port', String(venue.port)], elsewhere, { RAMPART_VENUE_SIM_CONTROL_TOKEN: token }).exited;
      assert.equal(listed.code, 0, listed.stderr);
      assert.match(listed.stdout, /"kind": "latency"/, 'the fault reached the venue on that port');
      const cleared = await rampart(['venue-sim', 'fault', '--clear', '--port', String(venue.port)], elsewhere, { RAMPART_VENUE_SIM_CONTROL_TOKEN: token }).exited;
      assert.equal(cleared.code, 0, cleared.stderr);
    });

    test('exits 1 when the control token is not the venue\'s, and injects nothing', async () => {
      const result = await rampart(['venue-sim', 'fault', 'http5xx', '--port', String(venue.port)], cwd, { RAMPART_VENUE_SIM_CONTROL_TOKEN: 'not-the-token' }).exited;
      assert.equal(result.code, 1);
      assert.match(result.stderr, /answered 401.*control token is not this venue's/);
      assert.ok(!result.stderr.includes('not-the-token'), 'the token is not echoed');
      const listed = await rampart(['venue-sim', 'fault', '--list', '--port', String(venue.port)], cwd).exited;
      assert.match(listed.stdout, /"queued": \[\]/);
    });
  });
});
