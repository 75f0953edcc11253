'use strict';

// The rkproxy console: reads the JSON API every two seconds and renders it. Charts are drawn with uPlot (served
// beside this file, MIT); nothing else is used.

const REFRESH_MS = 2000;
const TOKEN_KEY = 'rkproxy-console-token';

class Unauthorized extends Error {}

// Every request that changes something carries X-Rkproxy-Console, which the server requires (a page of another
// origin cannot send it).
async function api(path, method = 'GET', body = undefined) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const headers = token ? { Authorization: 'Bearer ' + token } : {};
  if (method !== 'GET') headers['X-Rkproxy-Console'] = '1';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, {
    method,
    cache: 'no-store',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 401) {
    throw new Unauthorized();
  }
  return { status: res.status, body: await res.json() };
}

async function get(path) {
  const { status, body } = await api(path);
  if (status !== 200) {
    throw new Error(body.error || 'HTTP ' + status);
  }
  return body;
}

// ---- formatting

function micros(us) {
  if (us === null || us === undefined || us < 0) return '–';
  if (us > 1e12) return '> 10 s';
  if (us < 1000) return us + ' µs';
  if (us < 1e6) return (us / 1000).toFixed(us < 1e4 ? 2 : 1) + ' ms';
  return (us / 1e6).toFixed(2) + ' s';
}

function bytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

function when(iso) {
  return new Date(iso).toLocaleString();
}

function limits(t) {
  const parts = [];
  if (t.maxConnections > 0) parts.push('conns ≤ ' + t.maxConnections);
  if (t.maxOpsPerSecond > 0) parts.push('ops/s ≤ ' + t.maxOpsPerSecond);
  if (t.maxRequestBytes > 0) parts.push('request ≤ ' + bytes(t.maxRequestBytes));
  return parts.length ? parts.join(', ') : 'none';
}

// ---- rendering: text only (textContent), never markup from the API

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function row(cells, data) {
  const tr = document.createElement('tr');
  Object.entries(data).forEach(([key, value]) => { tr.dataset[key] = value; });
  cells.forEach(c => tr.appendChild(c));
  return tr;
}

function fill(tableId, rows, columns, emptyText) {
  const tbody = document.querySelector('#' + tableId + ' tbody');
  if (rows.length === 0) {
    const td = cell(emptyText, 'empty');
    td.colSpan = columns;
    rows = [row([td], {})];
  }
  tbody.replaceChildren(...rows);
}

function renderNodes(data) {
  fill('nodes', data.nodes.map(n => row([
    cell(n.id + (n.self ? ' (this node)' : ''), 'id'),
    cell(n.address, 'address'),
    cell(n.version, 'version'),
    cell(when(n.startedAt), 'started'),
  ], { node: n.id })), 4, 'no nodes');
}

function renderPools(data) {
  const rows = [];
  for (const p of data.pools) {
    const health = p.unavailable ? 'unavailable: ' + p.unavailable : 'available';
    if (p.backends.length === 0) {
      rows.push(row([
        cell(p.name, 'pool'), cell(p.type, 'type'), cell(p.nodes.join(', '), 'backend'),
        cell(health, 'health ' + (p.unavailable ? 'down' : 'up')),
        cell('–', 'latency num'), cell('–', 'connections num'), cell('–', 'in-flight num'),
        cell('–', 'reconnects num'),
      ], { pool: p.name }));
      continue;
    }
    for (const b of p.backends) {
      rows.push(row([
        cell(p.name, 'pool'), cell(p.type, 'type'), cell(b.address, 'backend'),
        cell(b.up ? 'up' : 'down' + (b.error ? ': ' + b.error : ''), 'health ' + (b.up ? 'up' : 'down')),
        cell(micros(b.latencyMicros), 'latency num'),
        cell(String(b.connections), 'connections num'),
        cell(String(b.inFlight), 'in-flight num'),
        cell(String(b.reconnects), 'reconnects num'),
      ], { pool: p.name, backend: b.address }));
    }
  }
  fill('pools', rows, 8, 'no pools');
}

function renderTenants(data) {
  fill('tenants', data.tenants.map(t => row([
    cell(t.name + (t.admin ? ' (admin)' : ''), 'name'),
    cell([t.pool, t.kafkaPool].filter(Boolean).join(' + '), 'pool'),
    cell(t.isolation || '–', 'isolation'),
    cell(t.readOnly ? 'yes' : 'no', 'read-only'),
    cell(limits(t), 'limits'),
    cell(String(t.connections), 'connections num'),
    cell(String(t.opsPerSecond), 'ops num'),
    cell(String(t.commands), 'commands num'),
    cell(String(t.errors), 'errors num'),
    cell(micros(t.p50Micros), 'p50 num'),
    cell(micros(t.p99Micros), 'p99 num'),
    cell(bytes(t.bytesIn), 'bytes-in num'),
    cell(bytes(t.bytesOut), 'bytes-out num'),
    cell(String(t.authFailures), 'auth-failures num'),
  ], { tenant: t.name })), 14, 'no tenants');
}

/** The hottest and biggest keys of each tenant, a few each: /api/hotkeys has all those kept. */
const KEYS_SHOWN = 5;

function renderKeys(data) {
  const hot = [];
  const big = [];
  for (const [tenant, k] of Object.entries(data.tenants)) {
    const over = Math.round(k.spanSeconds) + ' s';
    k.hot.slice(0, KEYS_SHOWN).forEach(h => hot.push(row([
      cell(tenant, 'tenant'), cell(h.key, 'key'), cell(String(Math.round(h.opsPerSecond)), 'ops num'),
      cell(over, 'span num'),
    ], { tenant, key: h.key })));
    k.big.slice(0, KEYS_SHOWN).forEach(b => big.push(row([
      cell(tenant, 'tenant'), cell(b.key, 'key'), cell(b.command, 'command'), cell(bytes(b.bytes), 'bytes num'),
      cell(String(b.seen), 'seen num'),
    ], { tenant, key: b.key })));
  }
  fill('hot-keys', hot, 4, 'no hot keys sampled');
  fill('big-keys', big, 5, 'no big keys seen');
}

function renderLogins(logins) {
  const panel = document.getElementById('logins');
  panel.querySelector('.unauthenticated').textContent = String(logins.unauthenticated);
  panel.querySelector('.refused').textContent =
    'node cap ' + logins.refused.node + ', address cap ' + logins.refused.address;
  panel.querySelector('.unattributed').textContent = String(logins.unattributedFailures);
  panel.querySelector('.delayed').textContent = String(logins.delayed);
  fill('auth-failures', logins.recentFailures.map(f => row([
    cell(f.address, 'address'),
    cell(f.tenant === null ? '(none)' : f.tenant, 'tenant'),
    cell(String(f.failures), 'failures num'),
    cell(f.delayed ? 'yes' : 'no', 'delayed'),
  ], { address: f.address, tenant: f.tenant === null ? '' : f.tenant })), 4, 'no recent failures');
}

function renderConfig(config) {
  const panel = document.getElementById('last-load');
  const load = config.lastLoad;
  const result = panel.querySelector('.result');
  result.textContent = load.accepted ? 'accepted' : 'rejected';
  result.className = 'result ' + (load.accepted ? 'accepted' : 'rejected');
  panel.querySelector('.at').textContent = when(load.at);
  panel.querySelector('.source').textContent = load.source;
  panel.querySelector('.trigger').textContent = load.trigger;
  panel.querySelector('.generation').textContent = String(load.generation);
  panel.querySelector('.problems').replaceChildren(...load.problems.map(problem => {
    const li = document.createElement('li');
    li.textContent = problem;
    return li;
  }));
  panel.querySelector('.in-force').textContent = load.accepted ? ''
    : 'In force: generation ' + config.lastAccepted.generation + ', loaded ' + when(config.lastAccepted.at)
      + ' (' + config.lastAccepted.trigger + ').';
}

function renderSlowlog(entries) {
  fill('slowlog', entries.map(e => row([
    cell(new Date(e.epochMillis).toLocaleTimeString(), 'when'),
    cell(e.tenant, 'tenant'),
    cell(e.pool || '(proxy)', 'pool'),
    cell(e.client, 'client'),
    cell(micros(e.durationMicros), 'duration num'),
    cell(e.args.join(' '), 'command'),
  ], { id: e.id })), 6, 'no slow commands');
}

// KPOP lag is per tenant and pool: what the pool's consumers say they have yet to read; then per topic/partition.
function renderKafka(tenants) {
  const rows = [];
  for (const [tenant, figures] of Object.entries(tenants)) {
    for (const [pool, k] of Object.entries(figures.kafka)) {
      rows.push(row([
        cell(tenant, 'tenant'), cell(pool, 'pool'),
        cell(String(k.produced), 'produced num'), cell(String(k.consumed), 'consumed num'),
        cell(String(k.acked), 'acked num'), cell(String(k.deliveryErrors), 'delivery-errors num'),
        cell(k.lag === null ? '–' : String(k.lag), 'lag num'),
        cell(k.partitions.map(p => p.topic + '/' + p.partition + ': ' + p.lag).join(', ') || '–', 'partitions'),
      ], { tenant, pool }));
    }
  }
  fill('kafka', rows, 8, 'no Kafka traffic');
}

function renderAudit(audit) {
  fill('audit', audit.entries.map(e => row([
    cell(when(e.at), 'when'),
    cell((e.operator ? e.operator + ' from ' : '') + e.client, 'who'),
    cell(e.action, 'action'),
    cell(e.tenant, 'tenant'),
    cell(e.accepted ? 'accepted, generation ' + e.generation : 'rejected', 'load'),
  ], { tenant: e.tenant, action: e.action })), 5, 'no changes made from the console');
}

// ---- charts: one subject (a tenant or a pool) at a time, three charts, redrawn at each refresh

const charts = {};
const CHARTS = {
  'chart-ops': { title: 'Commands and errors per second', series: [['ops/s', 'opsPerSecond', '#1565c0'],
    ['errors/s', 'errorsPerSecond', '#c62828']] },
  'chart-latency': { title: 'Latency, ms', series: [['p50', 'p50Micros', '#2e7d32', 1e-3],
    ['p99', 'p99Micros', '#ef6c00', 1e-3]] },
  'chart-bytes': { title: 'Bytes per second', series: [['in', 'bytesInPerSecond', '#6a1b9a'],
    ['out', 'bytesOutPerSecond', '#00838f']] },
};

function chartSubjects(pools, tenants) {
  const select = document.getElementById('chart-subject');
  const wanted = [...tenants.tenants.map(t => 'tenant:' + t.name), ...pools.pools.map(p => 'pool:' + p.name)];
  const have = [...select.options].map(o => o.value);
  if (wanted.join('\n') === have.join('\n')) return;
  const current = select.value;
  select.replaceChildren(...wanted.map(v => {
    const option = document.createElement('option');
    option.value = v;
    option.textContent = v.replace(':', ' ');
    return option;
  }));
  if (wanted.includes(current)) select.value = current;
}

async function renderCharts() {
  const subject = document.getElementById('chart-subject').value;
  const box = document.getElementById('charts');
  const status = document.getElementById('chart-status');
  if (!subject) return;
  const [kind, name] = [subject.slice(0, subject.indexOf(':')), subject.slice(subject.indexOf(':') + 1)];
  const { status: code, body } = await api('/api/series?' + kind + '=' + encodeURIComponent(name) + '&fleet=true');
  const points = code === 200 ? body.points : [];
  status.textContent = code !== 200 ? (body.error || 'HTTP ' + code)
    : points.length + ' points from ' + body.nodes.length + ' node' + (body.nodes.length === 1 ? '' : 's')
      + body.missing.map(m => '; ' + m.node + ' missing: ' + m.reason).join('')
      + (body.notMerged ? '; ' + body.notMerged : '');
  window.rkproxyCharts = { subject, points };
  box.dataset.subject = subject;
  box.dataset.points = String(points.length);
  box.dataset.maxOps = String(points.reduce((max, p) => Math.max(max, p.opsPerSecond), 0));
  const x = points.map(p => p.epochMillis / 1000);
  for (const [id, spec] of Object.entries(CHARTS)) {
    const data = [x, ...spec.series.map(([, field, , scale]) =>
      points.map(p => p[field] === null ? null : p[field] * (scale || 1)))];
    if (!charts[id]) {
      const el = document.getElementById(id);
      charts[id] = new uPlot({
        title: spec.title,
        width: Math.max(400, el.clientWidth || 900),
        height: 180,
        series: [{}, ...spec.series.map(([label, , color]) => ({ label, stroke: color, width: 1.5 }))],
      }, data, el);
    } else {
      charts[id].setData(data);
    }
  }
}

document.getElementById('chart-subject').addEventListener('change', () => renderCharts().catch(() => {}));

// ---- tenant management: the form edits the keys it shows and keeps the entry's others as they were

let loadedEntry = {};
const NUMBERS = ['max-connections', 'max-ops-per-second', 'max-request-bytes'];
const TEXTS = ['pool', 'key-prefix', 'kafka'];

function tenantForm() {
  return document.getElementById('tenant-form');
}

function tenantName() {
  return tenantForm().elements.name.value.trim();
}

function showTenant(entry) {
  const f = tenantForm().elements;
  loadedEntry = entry;
  TEXTS.forEach(k => { f[k].value = entry[k] === undefined ? '' : String(entry[k]); });
  NUMBERS.forEach(k => { f[k].value = entry[k] === undefined ? '' : String(entry[k]); });
  f.db.value = entry.db === undefined ? '' : String(entry.db);
  f['read-only'].checked = entry['read-only'] === true;
  const commands = entry.commands || {};
  f.allow.value = (commands.allow || []).join(', ');
  f.deny.value = (commands.deny || []).join(', ');
  f.topics.value = entry.topics === undefined ? '' : JSON.stringify(entry.topics);
}

function formEntry() {
  const f = tenantForm().elements;
  const entry = { ...loadedEntry };
  const set = (key, value) => { if (value === undefined) delete entry[key]; else entry[key] = value; };
  TEXTS.forEach(k => set(k, f[k].value.trim() || undefined));
  NUMBERS.forEach(k => set(k, f[k].value.trim() === '' ? undefined : Number(f[k].value)));
  const db = f.db.value.trim();
  set('db', db === '' ? undefined : /^\d+$/.test(db) ? Number(db) : db);
  set('read-only', f['read-only'].checked ? true : undefined);
  const list = text => text.split(',').map(s => s.trim()).filter(Boolean);
  const commands = {};
  if (list(f.allow.value).length) commands.allow = list(f.allow.value);
  if (list(f.deny.value).length) commands.deny = list(f.deny.value);
  set('commands', Object.keys(commands).length ? commands : undefined);
  set('topics', f.topics.value.trim() ? JSON.parse(f.topics.value) : undefined);
  return entry;
}

function tenantResult(text, ok) {
  const result = document.getElementById('tenant-result');
  result.textContent = text;
  result.className = ok ? 'accepted' : 'rejected';
}

function showPassword(password) {
  const box = document.getElementById('tenant-password');
  box.hidden = !password;
  box.querySelector('code').textContent = password || '';
}

async function tenantCall(path, method, body) {
  showPassword(null);
  try {
    const { status, body: reply } = await api(path, method, body);
    if (status === 200 && reply.action) {
      tenantResult(reply.action + ' ' + reply.tenant + ': ' + (reply.load.accepted
        ? 'in force, generation ' + reply.load.generation : 'written, but the load was rejected: '
        + reply.load.problems.join('; ')), reply.load.accepted);
      showPassword(reply.password);
    } else if (status !== 200) {
      tenantResult(reply.error || 'HTTP ' + status, false);
    }
    await refresh();
    return { status, reply };
  } catch (e) {
    showError(e, document.getElementById('tenant-result'));
    return { status: 0 };
  }
}

const tenantPath = (path, extra = '') => path + '?name=' + encodeURIComponent(tenantName()) + extra;

document.getElementById('tenant-load').addEventListener('click', async () => {
  const { status, reply } = await tenantCall(tenantPath('/api/tenant'), 'GET');
  if (status === 200) {
    showTenant(reply.entry);
    tenantResult('loaded ' + reply.name + ' (' + reply.passwords + ' password' + (reply.passwords === 1 ? '' : 's')
      + ')', true);
  }
});

tenantForm().addEventListener('submit', async event => {
  event.preventDefault();
  let entry;
  try {
    entry = formEntry();
  } catch (e) {
    tenantResult('topic grants: ' + e.message, false);
    return;
  }
  await tenantCall(tenantPath('/api/tenant'), 'PUT', entry);
});

document.getElementById('tenant-delete').addEventListener('click', async () => {
  if (confirm('Delete tenant ' + tenantName() + '?')) {
    const { status } = await tenantCall(tenantPath('/api/tenant'), 'DELETE');
    if (status === 200) loadedEntry = {};
  }
});

for (const action of ['add', 'remove-old', 'replace']) {
  document.getElementById('password-' + action).addEventListener('click',
    () => tenantCall(tenantPath('/api/tenant/password', '&action=' + action), 'POST'));
}

// ---- token

function askForToken() {
  document.getElementById('auth').hidden = false;
  document.getElementById('token').focus();
}

document.getElementById('auth').addEventListener('submit', event => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, document.getElementById('token').value);
  document.getElementById('token').value = '';
  document.getElementById('auth').hidden = true;
  refresh();
});

function showError(e, target) {
  if (e instanceof Unauthorized) {
    askForToken();
    target.textContent = 'access token needed';
  } else {
    target.textContent = 'error: ' + e.message;
  }
}

// ---- refresh and reload

let refreshing = false;

async function refresh() {
  if (refreshing) return;
  refreshing = true;
  const status = document.getElementById('status');
  try {
    const [nodes, pools, tenants, stats, config, keys] = await Promise.all(
      ['/api/nodes', '/api/pools', '/api/tenants', '/api/stats', '/api/config', '/api/hotkeys'].map(get));
    renderNodes(nodes);
    renderPools(pools);
    renderTenants(tenants);
    renderSlowlog(stats.slowlog);
    renderKafka(stats.tenants);
    renderKeys(keys);
    renderLogins(stats.logins);
    renderConfig(config);
    chartSubjects(pools, tenants);
    await renderCharts();
    const audit = await api('/api/audit');
    if (audit.status === 200) renderAudit(audit.body);
    status.textContent = 'node ' + nodes.self + ' · updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    showError(e, status);
  } finally {
    refreshing = false;
  }
}

document.getElementById('reload').addEventListener('click', async () => {
  const button = document.getElementById('reload');
  const result = document.getElementById('reload-result');
  button.disabled = true;
  result.textContent = 'reloading…';
  try {
    const { status, body } = await api('/api/reload', 'POST');
    if (status === 200 || status === 422) {
      result.textContent = (body.accepted ? 'accepted: generation ' + body.generation
        : 'rejected: ' + body.problems.join('; ')) + ' (' + when(body.at) + ')';
    } else {
      result.textContent = 'error: ' + (body.error || 'HTTP ' + status);
    }
    await refresh();
  } catch (e) {
    showError(e, result);
  } finally {
    button.disabled = false;
  }
});

refresh();
setInterval(refresh, REFRESH_MS);
