// The event console. Every value from an event is written with textContent, never as
// HTML; the page's Content-Security-Policy allows no inline script.
'use strict';

(function () {
  let csrf = null;
  let refreshTimer = null;

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  // the CSRF token as the XSRF-TOKEN cookie holds it now (it changes when signing in)
  function csrfToken() {
    const cookie = document.cookie.split('; ').find((c) => c.indexOf('XSRF-TOKEN=') === 0);
    if (cookie) {
      return decodeURIComponent(cookie.substring('XSRF-TOKEN='.length));
    }
    return csrf ? csrf.csrfToken : '';
  }

  // the session's cookie goes with every request; when the session has ended the page
  // is asked for again, which leads to the sign-in page and back here
  async function api(path, options) {
    const request = Object.assign({ headers: {} }, options || {});
    request.headers = Object.assign({ 'X-Requested-With': 'console', 'Accept': 'application/json' }, request.headers);
    request.credentials = 'same-origin';
    const response = await fetch(path, request);
    if (response.status === 401) {
      window.location.reload();
      throw new Error('unauthorized');
    }
    return response;
  }

  async function startSession() {
    const response = await api('/admin/console/session');
    if (!response.ok) {
      throw new Error('no session: ' + response.status);
    }
    const session = await response.json();
    csrf = session;
    $('who').textContent = session.user;
    $('app').hidden = false;
  }

  function setupLogout() {
    $('logout-form').addEventListener('submit', () => {
      $('logout-csrf').value = csrfToken();
    });
  }

  // ---- sign-in page (a plain form POST to /console/login)

  function setupLogin() {
    const query = currentQuery();
    if (query.has('error')) {
      $('login-error').textContent = 'Wrong user name or password.';
    }
    else if (query.has('logout')) {
      $('login-message').textContent = 'Signed out.';
    }
    $('csrf').value = csrfToken();
    $('login').addEventListener('submit', () => {
      $('csrf').value = csrfToken();
    });
  }

  function time(iso) {
    if (!iso) {
      return '';
    }
    const date = new Date(iso);
    return isNaN(date) ? String(iso) : date.toLocaleString();
  }

  function badge(text, kind) {
    return el('span', text, 'badge ' + kind);
  }

  // ---- events list

  const FILTERS = ['q', 'status', 'kind', 'eventName', 'from', 'to'];

  function currentQuery() {
    return new URLSearchParams(window.location.search);
  }

  function fillForm() {
    const query = currentQuery();
    FILTERS.forEach((name) => { $(name).value = query.get(name) || ''; });
  }

  function pushQuery(page) {
    const query = new URLSearchParams();
    FILTERS.forEach((name) => {
      const value = $(name).value.trim();
      if (value) {
        query.set(name, value);
      }
    });
    if (page > 0) {
      query.set('page', String(page));
    }
    const search = query.toString();
    window.history.pushState(null, '', window.location.pathname + (search ? '?' + search : ''));
  }

  async function loadEvents() {
    const query = currentQuery();
    const page = parseInt(query.get('page') || '0', 10) || 0;
    const apiQuery = new URLSearchParams();
    FILTERS.forEach((name) => {
      if (query.get(name)) {
        apiQuery.set(name, query.get(name));
      }
    });
    apiQuery.set('page', String(page));
    apiQuery.set('size', '20');
    const response = await api('/admin/events?' + apiQuery.toString());
    const result = await response.json();
    const body = $('events').querySelector('tbody');
    clear(body);
    if (!response.ok) {
      const row = el('tr');
      const cell = el('td', result.detail || 'search failed', 'error');
      cell.colSpan = 7;
      row.appendChild(cell);
      body.appendChild(row);
      return;
    }
    result.events.forEach((event) => {
      const row = el('tr');
      row.className = 'event-row';
      const received = el('td');
      const link = el('a', time(event.receivedAt));
      link.href = 'event.html?id=' + encodeURIComponent(event.id);
      link.className = 'event-link';
      received.appendChild(link);
      row.appendChild(received);
      const status = el('td');
      status.appendChild(badge(event.status, 'status status-' + event.status));
      row.appendChild(status);
      row.appendChild(el('td', event.kind, 'kind'));
      row.appendChild(el('td', event.eventName || (event.method + ' ' + event.path), 'event-name'));
      row.appendChild(el('td', event.purchaseOrderNumber || event.shipmentNumber || '', 'number'));
      row.appendChild(el('td', event.messageId, 'message-id'));
      const targets = el('td');
      (event.targets || []).forEach((target) => {
        targets.appendChild(badge(target.target, 'target outcome-' + target.outcome));
      });
      row.appendChild(targets);
      body.appendChild(row);
    });
    const pages = Math.max(1, Math.ceil(result.total / result.size));
    $('page-info').textContent = 'page ' + (page + 1) + ' of ' + pages + ' (' + result.total + ' events)';
    $('previous').disabled = page <= 0;
    $('next').disabled = page + 1 >= pages;
  }

  async function loadOverview() {
    const response = await api('/admin/events/overview');
    if (!response.ok) {
      return;
    }
    const overview = await response.json();
    drawChart(overview.perHour || []);
    const counts = $('status-counts');
    clear(counts);
    Object.keys(overview.byStatus || {}).forEach((status) => {
      const item = el('li');
      item.appendChild(badge(status, 'status status-' + status));
      item.appendChild(document.createTextNode(' ' + overview.byStatus[status]));
      counts.appendChild(item);
    });
    $('dead-letters').textContent = (overview.deadLetters === null || overview.deadLetters === undefined)
      ? '?' : String(overview.deadLetters);
    $('refused-not-journaled').textContent = String(overview.refusedNotJournaled || 0);
  }

  function drawChart(hours) {
    const svg = $('chart');
    const ns = 'http://www.w3.org/2000/svg';
    clear(svg);
    const width = 480;
    const height = 120;
    const bottom = 16;
    const max = Math.max(1, ...hours.map((h) => h.count));
    const step = width / Math.max(1, hours.length);
    hours.forEach((hour, index) => {
      const barHeight = Math.round((height - bottom - 12) * hour.count / max);
      const rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', String(index * step + 1));
      rect.setAttribute('y', String(height - bottom - barHeight));
      rect.setAttribute('width', String(step - 2));
      rect.setAttribute('height', String(barHeight));
      const title = document.createElementNS(ns, 'title');
      title.textContent = time(hour.hour) + ': ' + hour.count;
      rect.appendChild(title);
      svg.appendChild(rect);
      if (index % 4 === 0) {
        const label = document.createElementNS(ns, 'text');
        label.setAttribute('x', String(index * step + 1));
        label.setAttribute('y', String(height - 4));
        label.textContent = new Date(hour.hour).getHours() + 'h';
        svg.appendChild(label);
      }
    });
    const top = document.createElementNS(ns, 'text');
    top.setAttribute('x', '0');
    top.setAttribute('y', '10');
    top.textContent = 'max ' + max;
    svg.appendChild(top);
  }

  function startEvents() {
    fillForm();
    const refresh = () => {
      if (document.visibilityState === 'visible') {
        loadEvents().catch(() => {});
        loadOverview().catch(() => {});
      }
    };
    refresh();
    if (!refreshTimer) {
      refreshTimer = setInterval(refresh, 5000);
    }
  }

  function setupEvents() {
    $('search').addEventListener('submit', (event) => {
      event.preventDefault();
      pushQuery(0);
      loadEvents().catch(() => {});
    });
    $('previous').addEventListener('click', () => {
      const page = parseInt(currentQuery().get('page') || '0', 10);
      pushQuery(Math.max(0, page - 1));
      loadEvents().catch(() => {});
    });
    $('next').addEventListener('click', () => {
      const page = parseInt(currentQuery().get('page') || '0', 10);
      pushQuery(page + 1);
      loadEvents().catch(() => {});
    });
    window.addEventListener('popstate', () => {
      fillForm();
      loadEvents().catch(() => {});
    });
  }

  // ---- one event

  function definitions(list, entries) {
    clear(list);
    entries.forEach(([name, value]) => {
      list.appendChild(el('dt', name));
      const dd = el('dd', (value === null || value === undefined) ? '' : value);
      dd.dataset.field = name;
      list.appendChild(dd);
    });
  }

  function rows(table, items, cells) {
    const body = table.querySelector('tbody');
    clear(body);
    items.forEach((item) => {
      const row = el('tr');
      cells(item).forEach((cell) => {
        if (cell instanceof Node) {
          const td = el('td');
          td.appendChild(cell);
          row.appendChild(td);
        }
        else {
          row.appendChild(el('td', (cell === null || cell === undefined) ? '' : cell));
        }
      });
      body.appendChild(row);
    });
  }

  function eventId() {
    return currentQuery().get('id');
  }

  async function loadEvent() {
    const id = eventId();
    const response = await api('/admin/events/' + encodeURIComponent(id));
    const event = await response.json();
    if (!response.ok) {
      $('title').textContent = event.detail || 'no such event';
      return;
    }
    $('title').textContent = (event.eventName || event.request.method + ' ' + event.request.path)
      + (event.purchaseOrderNumber ? ' - ' + event.purchaseOrderNumber : '')
      + (event.shipmentNumber ? ' - ' + event.shipmentNumber : '');
    definitions($('summary'), [
      ['status', event.status], ['received at', time(event.receivedAt)], ['message id', event.messageId],
      ['kind', event.kind], ['event name', event.eventName], ['format', event.format],
      ['purchase order number', event.purchaseOrderNumber], ['order id', event.orderId],
      ['shipment number', event.shipmentNumber], ['shipment id', event.shipmentId]]);
    definitions($('request'), [
      ['source', event.request.source], ['method', event.request.method], ['path', event.request.path],
      ['authentication', event.request.authScheme], ['content type', event.request.contentType],
      ['size', event.request.size]]);
    definitions($('answer'), [
      ['status', event.answer.status], ['body', event.answer.body], ['reason', event.answer.reason]]);
    rows($('deliveries'), event.deliveries, (step) => [time(step.at), step.target, step.attempt,
      badge(step.outcome, 'outcome-' + step.outcome), step.statusCode, step.latencyMillis, step.file, step.error]);
    rows($('documents'), event.documents, (doc) => [doc.name, doc.size, doc.sha256]);
    rows($('actions'), event.actions, (action) => [time(action.at), action.actor, action.action, action.target,
      action.outcome]);
    const canReplay = event.bodyStored && ['refused', 'duplicate'].indexOf(event.status) < 0;
    $('replay-all').disabled = !canReplay;
    $('replay-erp').disabled = !canReplay;
    return event;
  }

  async function loadBody(event) {
    if (!event) {
      return;
    }
    const response = await api('/admin/events/' + encodeURIComponent(eventId()) + '/body');
    if (!response.ok) {
      $('body').textContent = '(no body kept)';
      return;
    }
    const blob = await response.blob();
    const text = await blob.text();
    let pretty = text;
    if (event.format === 'json' || text.trim().startsWith('{')) {
      try {
        pretty = JSON.stringify(JSON.parse(text), null, 2);
      }
      catch (e) {
        pretty = text;
      }
    }
    $('body').textContent = pretty;
    const link = $('download');
    link.href = URL.createObjectURL(blob);
    link.download = 'event-' + eventId() + '.' + (event.format === 'xml' ? 'xml' : 'json');
    link.hidden = false;
  }

  async function replay(target) {
    $('replay-result').textContent = 'replaying...';
    const headers = {};
    headers[csrf.csrfHeader] = csrfToken();
    const path = '/admin/events/' + encodeURIComponent(eventId()) + '/replay' + (target ? '?target=' + target : '');
    const response = await api(path, { method: 'POST', headers: headers });
    const answer = await response.json();
    $('replay-result').textContent = response.ok ? ('replayed: ' + answer.detail) : (answer.detail || 'failed');
    loadEvent().catch(() => {});
  }

  function startEvent() {
    const refresh = () => loadEvent().catch(() => {});
    loadEvent().then(loadBody).catch(() => {});
    if (!refreshTimer) {
      refreshTimer = setInterval(() => {
        if (document.visibilityState === 'visible') {
          refresh();
        }
      }, 5000);
    }
  }

  function setupEvent() {
    $('replay-all').addEventListener('click', () => replay(null).catch(() => {}));
    $('replay-erp').addEventListener('click', () => replay('erp').catch(() => {}));
  }

  document.addEventListener('DOMContentLoaded', () => {
    const page = document.body.dataset.page;
    if (page === 'login') {
      setupLogin();
      return;
    }
    const start = (page === 'event') ? startEvent : startEvents;
    if (page === 'event') {
      setupEvent();
    }
    else {
      setupEvents();
    }
    setupLogout();
    startSession().then(start).catch(() => {});
  });
}());
