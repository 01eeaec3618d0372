// logagg's live dashboard: reads /api/report (the object of `report --json`), draws it, and reads it
// again after each commit that /api/events announces. Every logged value reaches the page as text
// (textContent, chart labels), never as markup.
'use strict';

(function () {
  const state = { source: '', range: '1440', since: '', until: '', report: null, charts: {}, sort: {} };
  const PANEL_TITLES = {
    paths: 'Requested paths', static: 'Static files', notFound: 'Not found (404)', hosts: 'Hosts', vhosts: 'Virtual hosts',
    methods: 'Methods', protocols: 'Protocols', referringSites: 'Referring sites', referrers: 'Referrers', agents: 'User agents',
    browsers: 'Browsers', os: 'Operating systems', crawlers: 'Crawlers', hours: 'Hours of the day', slowPaths: 'Slowest paths (p95)',
    remoteUser: 'Authenticated users', cacheStatus: 'Cache status', mimeTypes: 'MIME types', tls: 'TLS', countries: 'Countries',
    asn: 'Autonomous systems'
  };
  window.logaggLoadedAt = Date.now();

  const $ = (id) => document.getElementById(id);
  const number = new Intl.NumberFormat('en');
  const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });

  function bytes(n) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
    let value = n;
    let unit = 0;
    while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
    return (unit === 0 ? value : value.toFixed(1)) + ' ' + units[unit];
  }

  function ms(value) {
    return (value === undefined || value === null) ? '–' : (value >= 1000 ? (value / 1000).toFixed(2) + ' s' : value.toFixed(1) + ' ms');
  }

  /**
   * A logged value as it may be shown: control and bidirectional characters as \\uXXXX, so that
   * '/\u202egnp.exe' cannot read as '/exe.png' (as the terminal and HTML reports show them).
   */
  function printable(value) {
    return String(value).replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
      (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // ECharts is a megabyte of script: parsing it took about half of the first second of a page on a
  // small machine. The cards and tables are drawn first, the charts once it has loaded. The page
  // of report --html holds it inline, loaded already.
  let chartsLoaded = window.echarts ? Promise.resolve() : null;

  function charts() {
    if (!chartsLoaded) {
      chartsLoaded = new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.src = 'assets/echarts.min.js';
        script.onload = resolve;
        script.onerror = () => reject(new Error('could not load the charts library'));
        document.head.append(script);
      });
    }
    return chartsLoaded;
  }

  function theme() { return document.documentElement.dataset.theme === 'dark' ? 'dark' : null; }

  function chart(id, node) {
    const target = node || $('chart-' + id);
    let existing = state.charts[id];
    if (existing && (existing.getDom() !== target || existing.logaggTheme !== theme())) {
      existing.dispose();
      existing = null;
    }
    if (!existing) {
      existing = echarts.init(target, theme(), { renderer: 'canvas' });
      existing.logaggTheme = theme();
      state.charts[id] = existing;
    }
    return existing;
  }

  function query() {
    const params = new URLSearchParams();
    if (state.source) params.set('source', state.source);
    params.set('top', '10');
    if (state.range === 'custom') {
      if (state.since) params.set('since', state.since);
      if (state.until) params.set('until', state.until);
    } else if (state.range !== 'all') {
      params.set('last', state.range);
    }
    return params;
  }

  async function loadSources() {
    const response = await fetch('api/sources', { cache: 'no-store' });
    if (!response.ok) throw new Error('sources: ' + response.status + ' ' + await response.text());
    const sources = await response.json();
    const select = $('source');
    const chosen = select.value || state.source;
    select.replaceChildren();
    if (sources.length > 1) select.append(new Option('All sources', '*'));
    for (const source of sources) select.append(new Option(printable(source.source), source.source));
    if (sources.length > 1) select.append(new Option('A glob or a list…', '?glob'));
    if (chosen && chosen !== '?glob' && ![...select.options].some((option) => option.value === chosen)) {
      // A glob or a list given before (in the address or the box): kept as an option of its own.
      select.append(new Option(printable(chosen), chosen));
    }
    if (sources.length === 0) select.append(new Option('(no source yet)', ''));
    if ([...select.options].some((option) => option.value === chosen)) select.value = chosen;
    if (select.value !== '?glob') state.source = select.value;
  }

  async function refresh(why) {
    try {
      const response = await fetch('api/report?' + query(), { cache: 'no-store' });
      if (!response.ok) throw new Error(await response.text() || response.statusText);
      state.report = await response.json();
      render(state.report);
      $('problem').hidden = true;
      $('updated').textContent = 'updated ' + new Date().toLocaleTimeString() + (why ? ' (' + why + ')' : '');
      document.body.dataset.refreshes = String(Number(document.body.dataset.refreshes || 0) + 1);
    } catch (error) {
      $('problem').textContent = 'Could not read the report: ' + error.message;
      $('problem').hidden = false;
    }
  }

  function card(id, label, value, tone) {
    const box = el('div', 'card' + (tone ? ' ' + tone : ''));
    box.id = 'card-' + id;
    box.append(el('div', 'label', label), el('div', 'value', value));
    return box;
  }

  /** The range's figures: requests and errors from its minutes, bytes from the days it touches. */
  function figures(report) {
    const requests = Object.values(report.minutes).reduce((a, b) => a + b, 0);
    let e4 = 0;
    let e5 = 0;
    for (const minute of Object.values(report.errors)) { e4 += minute['4xx'] || 0; e5 += minute['5xx'] || 0; }
    const sent = report.days.reduce((a, d) => a + d.bytes, 0);
    return { requests, e4: requests ? e4 / requests : 0, e5: requests ? e5 / requests : 0, bytes: sent };
  }

  function render(report) {
    const range = figures(report);
    window.logaggFigures = range;
    const cards = [
      card('requests', 'Requests', number.format(range.requests)),
      card('visitors', 'Visitors', number.format(report.visitors)),
      card('4xx', '4xx share', percent.format(range.e4), range.e4 > 0.1 ? 'warn' : ''),
      card('5xx', '5xx share', percent.format(range.e5), range.e5 > 0.01 ? 'bad' : ''),
      card('bytes', 'Bytes sent', bytes(range.bytes)),
      card('malformed', 'Malformed (all)', number.format(report.malformed), report.malformed > 0 ? 'warn' : ''),
      card('sources', 'Sources', number.format(report.sources.length))
    ];
    if (report.latency) {
      cards.splice(4, 0, card('p50', 'p50', ms(report.latency.p50)), card('p95', 'p95', ms(report.latency.p95)),
        card('p99', 'p99', ms(report.latency.p99)));
    }
    if (report.filtered) {
      const left = Object.values(report.filtered).reduce((a, b) => a + b, 0);
      cards.push(card('filtered', 'Left out by filters', number.format(left)));
    }
    $('cards').replaceChildren(...cards);
    seriesTitles(report);
    renderPanels(report);
    if (window.logaggFirstRender === undefined) window.logaggFirstRender = performance.now();
    charts().then(() => drawCharts(state.report), (error) => {
      $('problem').textContent = error.message;
      $('problem').hidden = false;
    });
    $('footer').textContent = 'Days and minutes in ' + report.timeZone + '. Requests, errors and latency cover the range to the minute; '
      + 'visitors, bytes and panels the ' + report.panelDays.length + ' day(s) it touches'
      + (report.panelDays.length ? ' (' + report.panelDays[0] + ' to ' + report.panelDays[report.panelDays.length - 1] + ')' : '') + '.';
  }

  /** Every minute from the first to the last (wall-clock minutes, stepped as if UTC), so that quiet minutes show as 0. */
  function everyMinute(minutes) {
    if (minutes.length < 2) return minutes;
    const first = Date.parse(minutes[0] + ':00Z');
    const last = Date.parse(minutes[minutes.length - 1] + ':00Z');
    if (!(last > first) || (last - first) / 60000 > 4 * 1440) return minutes;
    const all = [];
    for (let t = first; t <= last; t += 60000) all.push(new Date(t).toISOString().substring(0, 16));
    return all;
  }

  function perDay(report) {
    return Object.keys(report.minutes).length > 2 * 1440 || (state.range === 'all' && report.days.length > 2);
  }

  function seriesTitles(report) {
    const unit = perDay(report) ? 'day' : 'minute';
    $('requests-title').textContent = 'Requests per ' + unit + ' (' + report.timeZone + ')';
    $('errors-title').textContent = 'Errors per ' + unit;
    $('latency-title').textContent = 'Latency per ' + unit;
  }

  /** The series and every panel's chart of the report shown. */
  function drawCharts(report) {
    renderSeries(report);
    for (const section of $('panels').children) {
      const rows = report.panels[section.dataset.panel];
      if (rows) panelChart(section, section.dataset.panel, rows);
    }
    if (window.logaggChartsDrawn === undefined) window.logaggChartsDrawn = performance.now();
    // The grid settles its columns after the first drawing: fit every chart to its box.
    requestAnimationFrame(() => Object.values(state.charts).forEach((c) => c.resize()));
  }

  function renderSeries(report) {
    const daily = perDay(report);
    let labels;
    let requests;
    if (daily) {
      labels = report.days.map((d) => d.day);
      requests = report.days.map((d) => d.lines);
    } else {
      labels = everyMinute(Object.keys(report.minutes));
      requests = labels.map((minute) => report.minutes[minute] || 0);
    }
    chart('requests').setOption({
      backgroundColor: 'transparent', grid: { left: 50, right: 12, top: 12, bottom: 40 }, tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: labels }, yAxis: { type: 'value' },
      series: [{ name: 'requests', type: daily ? 'bar' : 'line', showSymbol: false, areaStyle: {}, data: requests }]
    }, true);
    const errorKeys = Object.keys(report.errors);
    const buckets = new Map();
    for (const key of errorKeys) {
      const bucket = daily ? key.substring(0, 10) : key;
      const sum = buckets.get(bucket) || { e4: 0, e5: 0 };
      sum.e4 += report.errors[key]['4xx'] || 0;
      sum.e5 += report.errors[key]['5xx'] || 0;
      buckets.set(bucket, sum);
    }
    const errorLabels = daily ? [...buckets.keys()] : everyMinute([...buckets.keys()]);
    for (const label of errorLabels) if (!buckets.has(label)) buckets.set(label, { e4: 0, e5: 0 });
    chart('errors').setOption({
      backgroundColor: 'transparent', grid: { left: 50, right: 12, top: 28, bottom: 40 }, tooltip: { trigger: 'axis' }, legend: { top: 0 },
      xAxis: { type: 'category', data: errorLabels }, yAxis: { type: 'value' },
      series: [{ name: '4xx', type: 'bar', stack: 'e', data: errorLabels.map((k) => buckets.get(k).e4), itemStyle: { color: '#d9822b' } },
        { name: '5xx', type: 'bar', stack: 'e', data: errorLabels.map((k) => buckets.get(k).e5), itemStyle: { color: '#d64545' } }]
    }, true);
    const latency = daily ? report.days.filter((d) => d.latency).map((d) => [d.day, d.latency])
      : Object.entries(report.latencyMinutes || {});
    $('latency-box').hidden = latency.length === 0;
    if (latency.length) {
      chart('latency').setOption({
        backgroundColor: 'transparent', grid: { left: 60, right: 12, top: 28, bottom: 40 }, tooltip: { trigger: 'axis' }, legend: { top: 0 },
        xAxis: { type: 'category', data: latency.map((l) => l[0]) }, yAxis: { type: 'value', name: 'ms' },
        series: ['p50', 'p95', 'p99'].map((q) => ({ name: q, type: 'line', showSymbol: false, data: latency.map((l) => l[1][q]) }))
      }, true);
    }
  }

  function renderPanels(report) {
    const container = $('panels');
    const keep = new Set(Object.keys(report.panels));
    for (const section of [...container.children]) {
      if (!keep.has(section.dataset.panel)) {
        const gone = state.charts['panel-' + section.dataset.panel];
        if (gone) { gone.dispose(); delete state.charts['panel-' + section.dataset.panel]; }
        section.remove();
      }
    }
    for (const [name, rows] of Object.entries(report.panels)) {
      let section = container.querySelector('section[data-panel="' + name + '"]');
      if (!section) {
        section = el('section', 'panel');
        section.dataset.panel = name;
        section.id = 'panel-' + name;
        section.append(el('h2', null, PANEL_TITLES[name] || name), el('div', 'chart'), el('table'));
        container.append(section);
      }
      renderPanel(section, name, rows, report);
    }
  }

  function panelChart(section, name, rows) {
    const top = rows.slice(0, 10);
    chart('panel-' + name, section.querySelector('.chart')).setOption({
      backgroundColor: 'transparent', grid: { left: 8, right: 16, top: 6, bottom: 6, containLabel: true }, tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: top.map((r) => printable(r.value)),
        axisLabel: { width: 180, overflow: 'truncate' } },
      series: [{ name: 'requests', type: 'bar', data: top.map((r) => r.count) }]
    }, true);
  }

  function renderPanel(section, name, rows, report) {
    if (name === 'paths' && report.panels.slowPaths) {
      // Without pathsTime, a path's p95 where slowPaths keeps its durations (paths of 10 requests or more).
      const p95 = new Map(report.panels.slowPaths.map((r) => [r.value, r.p95]));
      rows = rows.map((r) => (p95.has(r.value) && (r.p95 === undefined || r.p95 === null)
        ? Object.assign({}, r, { p95: p95.get(r.value) }) : r));
    }
    const withBytes = rows.some((r) => r.bytes !== undefined && r.bytes !== null);
    const withP95 = rows.some((r) => r.p95 !== undefined && r.p95 !== null);
    const withMean = rows.some((r) => r.mean !== undefined && r.mean !== null);
    const columns = [{ key: 'value', label: name === 'slowPaths' ? 'path' : 'value' },
      { key: 'count', label: 'requests' }, { key: 'share', label: 'share' }];
    if (withBytes) columns.push({ key: 'bytes', label: 'bytes' });
    if (withMean) columns.push({ key: 'mean', label: 'mean' });
    if (withP95) columns.push({ key: 'p95', label: 'p95' });
    // A row's share of the requests of the days the panel covers.
    const base = report.days.reduce((a, d) => a + d.lines, 0);
    const sort = state.sort[name] || { key: 'count', descending: true };
    const sorted = [...rows].sort((a, b) => {
      const x = sort.key === 'share' ? a.count : a[sort.key];
      const y = sort.key === 'share' ? b.count : b[sort.key];
      const order = (typeof x === 'string') ? x.localeCompare(y) : (x || 0) - (y || 0);
      return sort.descending ? -order : order;
    });
    const table = section.querySelector('table');
    const head = el('tr');
    for (const column of columns) {
      const th = el('th', null, column.label);
      th.scope = 'col';
      if (column.key === sort.key) th.setAttribute('aria-sort', sort.descending ? 'descending' : 'ascending');
      th.addEventListener('click', () => {
        const now = state.sort[name] || { key: 'count', descending: true };
        state.sort[name] = { key: column.key, descending: now.key === column.key ? !now.descending : column.key !== 'value' };
        renderPanel(section, name, rows, report);
      });
      head.append(th);
    }
    const body = el('tbody');
    for (const row of sorted) {
      const tr = el('tr');
      tr.append(el('td', null, printable(row.value)), el('td', null, number.format(row.count)),
        el('td', 'share', base ? percent.format(row.count / base) : '–'));
      if (withBytes) tr.append(el('td', null, row.bytes === undefined || row.bytes === null ? '' : bytes(row.bytes)));
      if (withMean) tr.append(el('td', null, ms(row.mean)));
      if (withP95) tr.append(el('td', null, ms(row.p95)));
      body.append(tr);
    }
    const thead = el('thead');
    thead.append(head);
    table.replaceChildren(thead, body);
  }

  function localMinute(value) { return value ? value.substring(0, 16) : ''; }

  function bind() {
    $('source').addEventListener('change', () => {
      const glob = $('source').value === '?glob';
      $('glob-box').hidden = !glob;
      if (!glob) { state.source = $('source').value; refresh('source'); }
    });
    $('glob-apply').addEventListener('click', async () => {
      const given = $('glob').value.trim();
      if (!given) return;
      state.source = given;
      $('glob-box').hidden = true;
      const select = $('source');
      if (![...select.options].some((option) => option.value === given)) select.append(new Option(printable(given), given));
      select.value = given;
      refresh('source');
    });
    $('range').addEventListener('change', () => {
      state.range = $('range').value;
      $('custom').hidden = state.range !== 'custom';
      if (state.range !== 'custom') refresh('range');
    });
    $('apply').addEventListener('click', () => {
      state.since = localMinute($('since').value);
      state.until = localMinute($('until').value);
      refresh('range');
    });
    $('theme').addEventListener('click', () => {
      const dark = document.documentElement.dataset.theme !== 'dark';
      document.documentElement.dataset.theme = dark ? 'dark' : 'light';
      $('theme').textContent = dark ? 'Light' : 'Dark';
      try { localStorage.setItem('logagg-theme', dark ? 'dark' : 'light'); } catch (e) { /* private mode */ }
      if (state.report) render(state.report);
    });
    window.addEventListener('resize', () => Object.values(state.charts).forEach((c) => c.resize()));
    let pending = null;
    const events = new EventSource('api/events');
    events.addEventListener('commit', () => {
      clearTimeout(pending);
      pending = setTimeout(async () => { await loadSources(); refresh('after a commit'); }, 250);
    });
  }

  async function start() {
    let saved = null;
    try { saved = localStorage.getItem('logagg-theme'); } catch (e) { /* private mode */ }
    if (saved === 'dark' || (!saved && window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches)) {
      document.documentElement.dataset.theme = 'dark';
      $('theme').textContent = 'Light';
    }
    const embedded = document.getElementById('logagg-report');
    if (embedded) {
      // report --html: the report is in the page; nothing to pick, nothing to follow.
      for (const control of ['source', 'range']) $(control).closest('label').hidden = true;
      $('glob-box').hidden = true;
      state.range = 'all';
      $('theme').addEventListener('click', () => {
        const dark = document.documentElement.dataset.theme !== 'dark';
        document.documentElement.dataset.theme = dark ? 'dark' : 'light';
        $('theme').textContent = dark ? 'Light' : 'Dark';
        render(state.report);
      });
      state.report = JSON.parse(embedded.textContent);
      render(state.report);
      $('updated').textContent = 'report of ' + state.report.sources.map(printable).join(', ');
      window.addEventListener('resize', () => Object.values(state.charts).forEach((c) => c.resize()));
      return;
    }
    const params = new URLSearchParams(location.search);
    if (params.get('source')) state.source = params.get('source');
    if (params.get('range')) { state.range = params.get('range'); $('range').value = state.range; }
    bind();
    // The report and the list of sources at once: the first drawing waits for one request only.
    const asked = state.source;
    const first = refresh();
    try {
      await loadSources();
    } catch (error) {
      $('problem').textContent = 'Could not list the sources: ' + error.message;
      $('problem').hidden = false;
    }
    await first;
    if (state.source !== asked) await refresh();
  }

  document.addEventListener('DOMContentLoaded', start);
}());
