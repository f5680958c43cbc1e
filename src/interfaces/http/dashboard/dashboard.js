// Risk & Resilience dashboard: renders the server's snapshot (/api/dashboard, then /api/stream's server-sent
// events) and posts the kill switch to the admin route. Plain script, no build step. Every value is written with
// textContent (the store's strings never become markup). Tokens live in memory only: never in localStorage.
'use strict';

const state = { readToken: null, snapshot: null, charts: null, curveAccount: null, streamAbort: null };
const $ = (id) => document.getElementById(id);

const dash = '—';
const fixed = (value, digits) => (value === null || value === undefined || !Number.isFinite(Number(value)) ? dash : Number(value).toFixed(digits));
const percent = (value) => (value === null || value === undefined ? dash : `${fixed(value, 2)} %`);
const timeText = (ms) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

function authHeaders() {
  return state.readToken ? { authorization: `Bearer ${state.readToken}` } : {};
}

function cell(text, attributes = {}) {
  const td = document.createElement('td');
  td.textContent = text;
  for (const [name, value] of Object.entries(attributes)) td.setAttribute(name, value);
  return td;
}

function row(cells, attributes = {}) {
  const tr = document.createElement('tr');
  for (const [name, value] of Object.entries(attributes)) tr.setAttribute(name, value);
  tr.append(...cells);
  return tr;
}

function level(element, value) {
  element.textContent = value;
  element.dataset.level = value;
}

function renderAccounts(snapshot) {
  $('ess-rows').replaceChildren(
    ...snapshot.accounts.map((account) => {
      const triggers = Object.entries(account.essTriggers).filter(([, count]) => count > 0).map(([trigger, count]) => `${trigger} ${count}`).join(', ');
      return row([cell(account.account), cell(account.tradingState, { 'data-level': account.tradingState, class: 'state' }), cell(String(account.essTriggersTotal), { class: 'triggers', title: triggers || 'none' }), cell(account.tradingStateReason ?? dash, { class: 'reason' })], { 'data-account': account.account });
    }),
  );
  $('gate-rows').replaceChildren(
    ...snapshot.accounts.map((account) => {
      const decided = account.riskGateAllowed + account.riskGateBlocked;
      const codes = Object.entries(account.riskGateBlockedByCode).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([code, count]) => `${code} ${count}`).join(', ');
      return row([cell(account.account), cell(String(account.riskGateAllowed), { class: 'allowed' }), cell(String(account.riskGateBlocked), { class: 'blocked' }), cell(decided === 0 ? dash : percent((account.riskGateBlocked / decided) * 100), { class: 'rate' }), cell(codes || dash, { class: 'codes' })], { 'data-account': account.account });
    }),
  );
}

function renderStress(stress) {
  level($('stress-worst'), stress.worst ?? 'UNKNOWN');
  $('stress-reason').hidden = stress.available;
  $('stress-reason').textContent = stress.available ? '' : `Not computed: ${stress.reason}`;
  $('stress-rows').replaceChildren(...stress.scenarios.map((scenario) => row([cell(scenario.scenario), cell(scenario.severity, { 'data-level': scenario.severity, class: 'severity', title: scenario.reasons.join('; ') }), cell(fixed(scenario.worstPnl, 2), { class: 'pnl' })], { 'data-scenario': scenario.scenario })));
}

function renderPositions(positions) {
  $('position-rows').replaceChildren(
    ...positions.map((position) => {
      const protective = position.protectiveOrders.map((order) => `${order.side} ${order.quantity}${order.price === null ? ' market' : ` @ ${order.price}`} (${order.status})`).join('; ');
      return row(
        [
          cell(position.account),
          cell(position.symbol),
          cell(position.quantity, { class: 'quantity' }),
          cell(position.entryPrice, { class: 'entry' }),
          cell(`${position.leverage}×`, { class: 'leverage' }),
          cell(fixed(position.marginUsed, 2), { class: 'margin' }),
          cell(percent(position.marginUsedPct), { class: 'margin-pct' }),
          cell(protective || 'none', { class: 'protective', ...(protective ? {} : { 'data-level': 'WARNING' }) }),
        ],
        { 'data-account': position.account, 'data-symbol': position.symbol },
      );
    }),
  );
}

function renderTrades(trades) {
  $('trades-total').textContent = `(${trades.total} in the store)`;
  $('trade-rows').replaceChildren(
    ...trades.items.map((fill) =>
      row(
        [cell(timeText(fill.atMs)), cell(fill.account), cell(fill.symbol), cell(fill.side), cell(fill.quantity, { class: 'quantity' }), cell(fill.price, { class: 'price' }), cell(fill.fee), cell(fixed(fill.realisedPnl, 2), { class: `pnl ${fill.realisedPnl > 0 ? 'positive' : fill.realisedPnl < 0 ? 'negative' : ''}` })],
        { 'data-trade': fill.tradeId, 'data-account': fill.account },
      ),
    ),
  );
}

function renderHealth(health) {
  $('health-ready').textContent = health.ready ? 'ready' : 'not ready';
  $('health-ready').dataset.level = health.ready ? 'OK' : 'CRITICAL';
  $('health-runner').textContent = health.runner;
  $('health-venue').textContent = health.venue;
  $('health-store').textContent = health.store;
  $('health-clock').textContent = health.clockOffsetMs === null ? 'not measured in this process' : `${health.clockOffsetMs} ms`;
  $('health-reasons').replaceChildren(...health.reasons.map((reason) => Object.assign(document.createElement('li'), { textContent: reason })));
}

function chartOptions(element) {
  return { autoSize: true, layout: { background: { color: 'transparent' }, textColor: '#8a96a3' }, grid: { vertLines: { color: '#222c37' }, horzLines: { color: '#222c37' } }, timeScale: { timeVisible: true }, localization: { locale: 'en-US' }, height: element.clientHeight || 220 };
}

function renderCurves(snapshot) {
  const accounts = snapshot.accounts.map((account) => account.account);
  const select = $('curve-account');
  if (select.options.length !== accounts.length) {
    select.replaceChildren(...accounts.map((account) => Object.assign(document.createElement('option'), { value: account, textContent: account })));
  }
  state.curveAccount = accounts.includes(select.value) ? select.value : accounts[0];
  select.value = state.curveAccount;
  if (state.charts === null) {
    const charts = window.LightweightCharts;
    const equityChart = charts.createChart($('equity-chart'), chartOptions($('equity-chart')));
    const drawdownChart = charts.createChart($('drawdown-chart'), chartOptions($('drawdown-chart')));
    state.charts = {
      equity: equityChart.addSeries(charts.LineSeries, { color: '#4c9be8', lineWidth: 2 }),
      drawdown: drawdownChart.addSeries(charts.AreaSeries, { lineColor: '#d64545', topColor: 'rgba(214,69,69,0.05)', bottomColor: 'rgba(214,69,69,0.4)', invertFilledArea: true }),
      equityChart,
      drawdownChart,
    };
  }
  const points = snapshot.equityCurves[state.curveAccount] ?? [];
  state.charts.equity.setData(points.map((point) => ({ time: point.timeSec, value: point.equity })));
  state.charts.drawdown.setData(points.map((point) => ({ time: point.timeSec, value: -point.drawdownPct })));
  state.charts.equityChart.timeScale().fitContent();
  state.charts.drawdownChart.timeScale().fitContent();
  $('equity-chart').dataset.points = String(points.length);
  $('equity-chart').dataset.last = points.length ? String(points[points.length - 1].equity) : '';
  $('drawdown-chart').dataset.points = String(points.length);
}

function render(snapshot) {
  state.snapshot = snapshot;
  level($('global-risk'), snapshot.globalRiskStatus);
  renderAccounts(snapshot);
  $('failovers').textContent = String(snapshot.failoverEventsTotal);
  $('failover-note').textContent = snapshot.failoverEventsTotal === 0 ? 'none: each account trades one venue' : 'failover events since this server started';
  renderStress(snapshot.stress);
  renderHealth(snapshot.health);
  renderPositions(snapshot.positions);
  renderTrades(snapshot.trades);
  renderCurves(snapshot);
  const killAccount = $('kill-account');
  if (killAccount.options.length !== snapshot.accounts.length + 1) {
    killAccount.replaceChildren(Object.assign(document.createElement('option'), { value: '', textContent: 'every account' }), ...snapshot.accounts.map((account) => Object.assign(document.createElement('option'), { value: account.account, textContent: account.account })));
  }
  $('live').dataset.atMs = String(snapshot.atMs);
  document.body.dataset.rendered = String(snapshot.atMs);
}

function showFailure(text) {
  $('failure').hidden = text === null;
  $('failure').textContent = text ?? '';
}

function setLive(kind, text) {
  $('live').dataset.state = kind;
  $('live').textContent = text;
}

function askReadToken() {
  $('read-token-box').hidden = false;
  setLive('down', 'this server needs a read token');
}

// Server-sent events read through fetch (EventSource cannot send the read token's header).
async function stream() {
  state.streamAbort?.abort();
  const abort = new AbortController();
  state.streamAbort = abort;
  try {
    const response = await fetch('/api/stream', { headers: authHeaders(), signal: abort.signal, cache: 'no-store' });
    if (response.status === 401) return askReadToken();
    if (!response.ok || response.body === null) throw new Error(`live updates answered ${response.status}`);
    setLive('live', 'live');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        onEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (error) {
    if (abort.signal.aborted) return;
  }
  if (abort.signal.aborted) return;
  setLive('down', 'live updates lost: reconnecting');
  setTimeout(stream, 3000);
}

function onEvent(block) {
  let type = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) type = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length === 0) return;
  const payload = JSON.parse(data.join('\n'));
  if (type === 'snapshot') {
    showFailure(null);
    render(payload);
    setLive('live', `live · as of ${timeText(payload.atMs)} UTC`);
  } else if (type === 'heartbeat') {
    setLive('live', `live · as of ${timeText(payload.atMs)} UTC`);
  } else if (type === 'failure') {
    showFailure(`The server could not read its figures: ${payload.error}. The values shown may be stale.`);
  }
}

async function killSwitch(event) {
  event.preventDefault();
  const token = $('kill-token').value;
  $('kill-token').value = '';
  const reason = $('kill-reason').value.trim();
  const result = $('kill-result');
  if (reason === '' || token === '') {
    result.textContent = 'A reason and the admin token are required.';
    return;
  }
  const body = { reason, flatten: $('kill-flatten').checked, ...($('kill-account').value ? { account: $('kill-account').value } : {}) };
  $('kill-confirm').disabled = true;
  result.textContent = 'sending…';
  try {
    const response = await fetch('/api/admin/kill', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      $('kill-dialog').close();
      $('kill-reason').value = '';
      $('notice').hidden = false;
      $('notice').textContent = `Kill recorded for ${answer.accounts.join(', ')}: ${answer.reason}. The page shows HALTED once the store has it.`;
      return;
    }
    const why = { 401: 'the admin token was refused', 403: 'that token may read but not command', 404: 'admin routes are off: the server has no RAMPART_ADMIN_TOKEN', 429: 'too many admin requests: wait a minute' }[response.status];
    result.textContent = `Not recorded: ${why ?? answer.error ?? `the server answered ${response.status}`}.`;
  } catch (error) {
    result.textContent = `Not recorded: the server could not be reached (${error.message}).`;
  } finally {
    $('kill-confirm').disabled = false;
  }
}

async function start() {
  $('kill-open').addEventListener('click', () => {
    $('kill-result').textContent = '';
    $('kill-dialog').showModal();
    $('kill-reason').focus();
  });
  $('kill-cancel').addEventListener('click', () => {
    $('kill-token').value = '';
    $('kill-dialog').close();
  });
  $('kill-form').addEventListener('submit', killSwitch);
  $('curve-account').addEventListener('change', () => state.snapshot && renderCurves(state.snapshot));
  $('read-token-use').addEventListener('click', () => {
    state.readToken = $('read-token').value || null;
    $('read-token').value = '';
    $('read-token-box').hidden = true;
    stream();
  });
  stream();
}

start();
