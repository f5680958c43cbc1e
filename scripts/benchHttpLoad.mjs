// Load on a runner's HTTP server from another process, as Prometheus and an attacker would bring it:
// `node benchHttpLoad.mjs URL scrape` scrapes /metrics once a second; `… URL flood N` does that and
// sends waves of N concurrent POST /admin/kill-switch with wrong bearer tokens, back to back. Prints
// `started` once the load runs; a line on stdin stops it after the current wave, and the last line
// printed is the JSON count of answers by status.
const [url, mode, concurrencyText = '1000'] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const statuses = {};
let scrapes = 0;
let waves = 0;
let stopping = false;
const stopped = new Promise((done) => process.stdin.once('data', () => done()));
stopped.then(() => {
  stopping = true;
});
const count = (key) => {
  statuses[key] = (statuses[key] ?? 0) + 1;
};

async function scrapeLoop() {
  while (!stopping) {
    const response = await fetch(`${url}/metrics`);
    await response.text();
    if (response.status !== 200) throw new Error(`/metrics answered ${response.status}`);
    scrapes++;
    await Promise.race([new Promise((done) => setTimeout(done, 1_000)), stopped]);
  }
}

async function floodLoop() {
  while (!stopping) {
    await Promise.all(
      Array.from({ length: concurrency }, async (_, index) => {
        try {
          // Same length as a real token, wrong from the first character: a timing attack's probe.
          const response = await fetch(`${url}/admin/kill-switch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer wrong-${String(index).padStart(23, '0')}` }, body: '{"reason":"guess"}' });
          await response.arrayBuffer();
          count(String(response.status));
        } catch (error) {
          count(error.cause?.code ?? 'error');
        }
      }),
    );
    waves++;
  }
}

const loops = [scrapeLoop()];
if (mode === 'flood') loops.push(floodLoop());
console.log('started');
await Promise.all(loops);
console.log(JSON.stringify({ scrapes, waves, requests: waves * concurrency, statuses }));
process.exit(0);
