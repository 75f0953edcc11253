'use strict';

// The rkproxy console: reads the JSON API every two seconds and renders it. No dependencies.

const REFRESH_MS = 2000;
const TOKEN_KEY = 'rkproxy-console-token';

class Unauthorized extends Error {}

async function api(path, method = 'GET') {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const res = await fetch(path, {
    method,
    cache: 'no-store',
    headers: token ? { Authorization: 'Bearer ' + token } : {},
  });
  if (res.status === 401) {
    throw new Unauthorized();
  }
  const body = await res.json();
  return { status: res.status, body };
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
    renderKeys(keys);
    renderLogins(stats.logins);
    renderConfig(config);
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
