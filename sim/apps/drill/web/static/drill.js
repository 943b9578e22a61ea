"use strict";
// One page for every role: it draws what /api/state gives this link's role, once a second.
// The link's token went into a cookie at the first load (the address bar shows `?as=ROLE`);
// each request names its role (`as`) and the browser sends that role's cookie.
const PARAMS = new URLSearchParams(location.search);
const TOKEN = PARAMS.get("t") || "";
const AS = PARAMS.get("as") || "";
const VIEW = PARAMS.get("view") || "";
function api(path) {
  const q = new URLSearchParams();
  if (AS) q.set("as", AS);
  if (VIEW) q.set("view", VIEW);
  if (TOKEN) q.set("t", TOKEN);
  return path + (q.toString() ? "?" + q : "");
}
const $ = (sel) => document.querySelector(sel);
const esc = (v) => String(v ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
let state = null;
let menuDrawn = false;
let setUpKey = "";
let decisionsKey = "";
// the page's language: the server puts its catalogue's translations of every tr() message
// of this file into the page (I18N), and display names of villages, stores, categories (NAMES)
const I18N = JSON.parse(document.getElementById("i18n").textContent || "{}");
// a message in the page's language, its {fields} filled from `values`
function tr(message, values) {
  const text = I18N[message] || message;
  return values ? text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m)) : text;
}
let NAMES = {};
const show = (name) => NAMES[name] || name;  // a village, store, category or store kind as the reader names it
const showAll = (names) => names.map(show).join(tr(", "));
const roleTitle = (role) => tr(role.replace(/_/g, " "));

// --- a busy model (busy_model.py): the page says so instead of looking frozen ----------------------
let modelBusy = null;  // while the last state said the model is busy: {waiting: requests waiting for it}
let slowRequests = 0;  // this page's requests that act, unanswered for more than a moment
const SLOW_REQUEST_MS = 400;
function showBusy() {
  const parts = [];
  if (modelBusy) parts.push(tr("The model is catching up: this page shows the town as it was a moment ago."));
  if (slowRequests) parts.push(tr("Your request is waiting for the model: it will be taken when the model is free."));
  else if (modelBusy && modelBusy.waiting) parts.push(tr("Requests waiting for the model: {n}; each will be taken when it is free.", {n: modelBusy.waiting}));
  const box = $("#busy");
  box.hidden = !parts.length;
  box.textContent = parts.join(" ");
}

async function post(path, body) {
  const headers = {"Content-Type": "application/json"};
  if (TOKEN) headers["X-Drill-Token"] = TOKEN;
  let slow = false;
  const timer = setTimeout(() => { slow = true; slowRequests += 1; showBusy(); }, SLOW_REQUEST_MS);
  let r;
  try {
    r = await fetch(api(path), {method: "POST", headers, body: JSON.stringify(body || {})});
  } finally {
    clearTimeout(timer);
    if (slow) slowRequests -= 1;
    showBusy();
  }
  const data = await r.json().catch(() => ({error: r.statusText}));
  showError(data.error || "");
  await refresh();
  return data;
}

function showError(text) {
  const box = $("#error");
  box.hidden = !text;
  box.textContent = text;
}

async function refresh() {
  try {
    const r = await fetch(api("/api/state"), {cache: "no-store"});
    if (!r.ok) { showError(tr("refused: {status}", {status: r.status})); return; }
    const data = await r.json();
    modelBusy = data.model_busy || r.headers.get("X-Drill-Model-Busy") === "1" ? {waiting: data.requests_waiting || 0} : null;
    showBusy();
    if (data.starting) return;
    state = data;
    NAMES = data.names || {};
    draw();
  } catch (e) { /* the server may be restarting; try again on the next tick */ }
}

function draw() {
  const s = state;
  document.title = `${s.title}: ${s.drill}`;
  $("#role-title").textContent = s.title + (s.played ? "" : tr(" (left to the model)"));
  $("#drill-name").textContent = s.drill;
  const clock = $("#clock-time");
  clock.textContent = s.clock.time;
  clock.dataset.minute = s.clock.minute;
  const speeds = tr("×{speed} between injects, ×{open} while a decision or set-up is open", {speed: s.clock.speed, open: s.clock.speed_while_open});
  $("#clock-state").textContent = s.clock.ended ? tr("ended") : (s.clock.playing ? tr("playing ×{speed}", {speed: s.clock.speed_now}) : tr("paused (×{speed})", {speed: s.clock.speed_now})) + " · " + speeds;
  $("#next-inject").hidden = !("next_inject" in s.clock);  // the exercise's control: not a player's to see
  $("#next-inject").textContent = s.clock.next_inject ? tr("next inject: {id} at {time}", s.clock.next_inject) : tr("no inject left");
  $("#sees").textContent = tr("You see: {what}", {what: s.sees});
  document.body.classList.toggle("projector", s.role === "projector");
  if (s.role === "facilitator") {
    $("#clock-controls").hidden = false;
    $("#projector-link").hidden = false;
    $("#projector-link").href = "/?as=facilitator&view=projector";
    const speed = $("#speed");
    if (document.activeElement !== speed) speed.value = s.clock.speed;
  }
  if (s.error) showError(s.error);
  const ended = $("#ended");
  ended.hidden = !s.clock.ended;
  if (s.clock.ended) {
    ended.className = "card";
    ended.innerHTML = `<b>${esc(tr("The drill has ended."))}</b> ` + (s.folder ? `${esc(tr("Drill folder:"))} <code>${esc(s.folder)}</code>` : esc(tr("Writing the drill folder…")))
      + (s.role === "facilitator" && s.folder ? ` · <a href="${esc(api("/report"))}" target="_blank">${esc(tr("after-action report"))}</a>` : "");
  }
  drawMap(s.map);
  $("#map-as-of").textContent = ["facilitator", "evaluator", "projector"].includes(s.role) ? tr("(now)") : (s.map.couriers
    ? tr("(stores as of {stores}, couriers as of {couriers})", {stores: s.map.stock_as_of, couriers: s.map.couriers.time})
    : tr("(stores as of {stores})", {stores: s.map.stock_as_of}));
  drawCharts(s.chart);
  drawFigures(s);
  drawDecisions(s);
  drawSetUps(s);
  $("#messages").innerHTML = s.messages.slice().reverse().map((m) =>
    `<li><b>${esc(m.time)}</b> ${esc(tr("from {sender} to {role}", {sender: m.from, role: roleTitle(m.to)}))}${esc(tr(": "))}“${esc(m.message)}”` +
    (s.role === "facilitator" ? `<br><span class="muted small">${esc(tr("expected: {action} · effect: {effect}", {action: m.expected_action, effect: m.effect}))}</span>` : "") + "</li>").join("") || `<li class=muted>${esc(tr("none yet"))}</li>`;
  drawMenu(s);
  drawFacilitator(s);
  drawEvaluator(s);
  $("#log tbody").innerHTML = s.log.slice().reverse().map((e) =>
    `<tr><td>${esc(e.time)}</td><td>${esc(e.wall_time)}</td><td>${esc(roleTitle(e.role))}</td><td>${esc(e.text)}</td><td>${esc(e.result || "")}</td></tr>`).join("");
}

// Labels placed one by one, each at the first of its candidate offsets where it overlaps no
// marker and no label placed before (else at its first candidate), inside the frame.
function labelPlacer(W, H) {
  const boxes = [];
  const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  // a text's width from its characters: a CJK character is about square, a Latin one about 0.6 of its size
  const width = (text, size) => [...text].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e7f ? size : size * 0.6), 0);
  return {
    block(x, y, w, h) { const box = {x, y, w, h}; boxes.push(box); return box; },
    // offsets: [dx, dy, anchor]; dy to the text's middle; `own`: a marker box the label may sit on
    // (a village's name in its circle). Returns the SVG <text> attributes.
    place(x, y, text, size, offsets, own) {
      const w = width(text, size), h = size * 1.15;
      const boxAt = ([dx, dy, anchor]) => ({x: x + dx - (anchor === "middle" ? w / 2 : anchor === "end" ? w : 0), y: y + dy - h / 2, w, h, dx, dy, anchor});
      const candidates = offsets.map(boxAt);
      const inFrame = (b) => b.x >= 0 && b.y >= 0 && b.x + b.w <= W && b.y + b.h <= H;
      const box = candidates.find((b) => inFrame(b) && !boxes.some((o) => o !== own && overlaps(o, b))) || candidates.find(inFrame) || candidates[0];
      boxes.push(box);
      return `x="${(x + box.dx).toFixed(1)}" y="${(y + box.dy + size * 0.35).toFixed(1)}" text-anchor="${box.anchor}" font-size="${size}"`;
    },
  };
}
const RING = (r) => [[0, r, "middle"], [0, -r, "middle"], [r, 0, "start"], [-r, 0, "end"], [r * 0.8, r * 0.8, "start"],
  [-r * 0.8, r * 0.8, "end"], [r * 0.8, -r * 0.8, "start"], [-r * 0.8, -r * 0.8, "end"]];
const AROUND = (r) => [...RING(r), ...RING(1.8 * r), ...RING(2.6 * r)];  // near first, then further out

// --- the map: villages, stores at the village they serve, depot, command centre, couriers ---------
function drawMap(m) {
  const pts = m.villages.map((v) => [v.x, v.y]).concat([[m.command_centre.x, m.command_centre.y]]);
  if (m.depot) pts.push([m.depot.x, m.depot.y]);
  const xs = pts.map((p) => p[0]), ys = pts.map((p) => p[1]);
  const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
  const W = 600, H = 420, pad = 50;
  // one scale for both axes (km are km), the town centred in the frame
  const scale = Math.min((W - 2 * pad) / Math.max(maxX - minX, 0.5), (H - 2 * pad) / Math.max(maxY - minY, 0.5));
  const sx = (x) => W / 2 + (x - (minX + maxX) / 2) * scale;
  const sy = (y) => H / 2 - (y - (minY + maxY) / 2) * scale;
  const villages = Object.fromEntries(state.villages.map((v) => [v.name, v]));
  const at = Object.fromEntries(m.villages.map((v) => [v.name, [sx(v.x), sy(v.y)]]));
  const labels = labelPlacer(W, H - 18);  // the couriers' line keeps the frame's last 18 px
  const lines = [], marks = [], texts = [], circles = {};
  const cc = [sx(m.command_centre.x), sy(m.command_centre.y)];
  // a store is drawn at the village it serves (its first), else at its own village
  const byVillage = {};
  for (const st of m.stores) {
    const where = st.serves.find((v) => v in at) || st.village;
    (byVillage[where] = byVillage[where] || []).push(st);
  }
  for (const v of m.villages) {
    const info = villages[v.name] || {};
    const color = info.state === "channels open" ? "#2e7d32" : info.state === "locked" ? "#c62828" : "#98a2b3";
    const [x, y] = at[v.name];
    circles[v.name] = labels.block(x - 16, y - 16, 32, 32);
    marks.push(`<circle cx="${x}" cy="${y}" r="16" fill="${color}" fill-opacity=".18" stroke="${color}" stroke-width="2" class="village" data-village="${esc(v.name)}" data-state="${esc(info.state)}"><title>${esc(show(v.name))}: ${esc(info.state ? tr(info.state) : "")}</title></circle>`);
    const stores = byVillage[v.name] || [];
    stores.forEach((st, i) => {
      const a = (i / Math.max(stores.length, 1)) * 2 * Math.PI - Math.PI / 2;
      const px = x + Math.cos(a) * 32, py = y + Math.sin(a) * 32;
      const share = st.lowest_share == null ? 1 : st.lowest_share;
      const fill = st.closed ? "#444" : `hsl(${Math.round(120 * Math.max(0, Math.min(1, share)))},65%,45%)`;
      const serving = st.serves.length > 0;
      const data = `data-store="${esc(st.id)}" data-at="${esc(v.name)}"`;
      if (!serving && !st.closed) {  // on the ledger, serving no one: a dot
        marks.push(`<circle cx="${px}" cy="${py}" r="2" fill="#c0c6d0" ${data}><title>${esc(show(st.id))} (${esc(show(st.kind))}): ${esc(tr("serves no village"))}</title></circle>`);
        return;
      }
      if (st.village !== v.name) lines.push(`<line x1="${px}" y1="${py}" x2="${at[st.village] ? at[st.village][0] : px}" y2="${at[st.village] ? at[st.village][1] : py}" stroke="#98a2b3" stroke-dasharray="2 3"/>`);
      const noVillage = tr("no village");
      const about = tr("lowest stock {share} of shelf, {backlog} in picking, serves {villages}", {share: Math.round(share * 100) + "%", backlog: st.backlog, villages: showAll(st.serves) || noVillage});
      labels.block(px - 7, py - 7, 14, 14);
      marks.push(`<rect x="${px - 6}" y="${py - 6}" width="12" height="12" fill="${fill}" stroke="${serving ? "#1d2430" : "#c0c6d0"}" stroke-width="${serving ? 2 : 1}" class="store" ${data}><title>${esc(show(st.id))} (${esc(show(st.kind))}), ${esc(tr("from {village}", {village: show(st.village)}))}${st.closed ? " " + esc(tr("CLOSED")) : ""}: ${esc(about)}</title></rect>`);
      if (serving && st.backlog > 0) texts.push({x: px, y: py, text: String(st.backlog), size: 9, offsets: AROUND(10), attrs: ""});
    });
  }
  labels.block(cc[0] - 9, cc[1] - 10, 18, 17);
  let depot = null;
  if (m.depot) {
    depot = [sx(m.depot.x), sy(m.depot.y)];
    labels.block(depot[0] - 10, depot[1] - 10, 20, 20);
  }
  // the labels by importance: village names, their state, the couriers' trips, backlogs, the depot
  const first = [];
  for (const v of m.villages) {
    const info = villages[v.name] || {};
    const [x, y] = at[v.name];
    first.push({x, y, text: show(v.name), size: 11, offsets: [[0, 0, "middle"], ...AROUND(24)], own: circles[v.name], attrs: 'font-weight="600" class="village-name"'});
    if (info.locked) first.push({x, y, text: tr("{state} · {n} waiting", {state: tr(info.state), n: info.orders_waiting}), size: 10,
      offsets: [...RING(26), ...AROUND(46)], attrs: `fill="${info.state === "channels open" ? "#2e7d32" : "#c62828"}"`});
  }
  if (m.couriers) {
    for (const [name, n] of Object.entries(m.couriers.on_trip_to)) {
      if (!at[name]) continue;
      const p = at[name];
      lines.push(`<line x1="${cc[0]}" y1="${cc[1]}" x2="${p[0]}" y2="${p[1]}" stroke="#1f6feb" stroke-width="${1 + Math.min(n, 12) / 2}" stroke-opacity=".45"/>`);
      const mid = [(cc[0] + p[0]) / 2, (cc[1] + p[1]) / 2];
      first.push({x: mid[0], y: mid[1], text: tr("{n} on trip", {n}), size: 10, offsets: AROUND(10), attrs: 'fill="#1f6feb" class="route"'});
    }
  }
  if (depot) {
    const total = Object.values(m.depot.stock || {}).reduce((a, b) => a + b, 0);
    texts.push({x: depot[0], y: depot[1], text: tr("depot {units} units", {units: Math.round(total).toLocaleString()}), size: 10, offsets: AROUND(16), attrs: 'fill="#8e44ad"'});
  }
  const placed = [...first, ...texts].map((t) => `<text ${labels.place(t.x, t.y, t.text, t.size, t.offsets, t.own)} ${t.attrs}>${esc(t.text)}</text>`);
  const parts = [...lines, ...marks];
  parts.push(`<polygon points="${cc[0]},${cc[1] - 9} ${cc[0] + 8},${cc[1] + 6} ${cc[0] - 8},${cc[1] + 6}" fill="#1d2430"><title>${esc(tr("command centre"))}</title></polygon>`);
  if (depot) parts.push(`<rect x="${depot[0] - 7}" y="${depot[1] - 7}" width="14" height="14" transform="rotate(45 ${depot[0]} ${depot[1]})" fill="#8e44ad"><title>${esc(tr("depot"))}</title></rect>`);
  parts.push(...placed);
  if (m.couriers) {
    const c = m.couriers.couriers;
    parts.push(`<text x="8" y="${H - 6}" font-size="11" class="couriers">${esc(tr("couriers (roll call): {idle} idle · {on_trip} on trip · {testing} testing · {away} quarantined/removed", {idle: c.idle, on_trip: c.on_trip, testing: c.testing, away: c.isolating + c.removed}))}</text>`);
  }
  $("#map").innerHTML = parts.join("");
}

// --- charts: small inline SVG lines, with their axes -------------------------------------------
// a round step for about `n` ticks up to `max` (1, 2 or 5 times a power of ten)
function niceStep(max, n) {
  const raw = Math.max(max, 1e-9) / n, p = Math.pow(10, Math.floor(Math.log10(raw)));
  return [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw);
}

function lineChart(title, points, keys, labels, colors, fixedMax, unit) {
  const W = 300, H = 160, left = 40, right = 10, top = 32, bottom = 44;
  const frame = `class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" data-unit="${esc(unit)}"`;
  const valid = points.filter((p) => keys.some((k) => p[k] != null));
  if (valid.length < 2) return `<svg ${frame}><text x="8" y="16" font-size="11" font-weight="600">${esc(title)}</text><text x="8" y="60" font-size="10" fill="#667085">${esc(tr("waiting for data"))}</text></svg>`;
  const minM = valid[0].minute, maxM = valid[valid.length - 1].minute;
  const top_ = fixedMax || Math.max(1, ...valid.flatMap((p) => keys.map((k) => p[k] || 0)));
  const yStep = fixedMax === 1 ? 0.25 : niceStep(top_, 4);
  const maxV = fixedMax || Math.ceil(top_ / yStep) * yStep;
  const x = (m) => left + (m - minM) / Math.max(maxM - minM, 1) * (W - left - right);
  const y = (v) => H - bottom - v / maxV * (H - top - bottom);
  const ticks = [];
  for (let v = 0; v <= maxV + 1e-9; v += yStep) {
    const shown = fixedMax === 1 ? Math.round(v * 100) + "%" : Number(v.toFixed(6)).toLocaleString();
    ticks.push(`<line x1="${left - 3}" y1="${y(v).toFixed(1)}" x2="${W - right}" y2="${y(v).toFixed(1)}" stroke-opacity="${v ? .35 : 1}"/><text x="${left - 5}" y="${(y(v) + 3).toFixed(1)}" text-anchor="end">${esc(shown)}</text>`);
  }
  const hStep = niceStep((maxM - minM) / 60, 4);
  for (let h = Math.ceil(minM / 60 / hStep) * hStep; h <= maxM / 60 + 1e-9; h += hStep) {  // round hours
    const px = x(h * 60).toFixed(1);
    ticks.push(`<line x1="${px}" y1="${H - bottom}" x2="${px}" y2="${H - bottom + 3}"/><text x="${px}" y="${H - bottom + 12}" text-anchor="middle">${esc(tr("{h} h", {h: Number(h.toFixed(2))}))}</text>`);
  }
  const axes = `<g class="axis axis-y">${ticks.filter((t) => t.includes('text-anchor="end"')).join("")}<text x="4" y="${top - 8}" class="unit">${esc(unit)}</text></g>` +
    `<g class="axis axis-x"><line x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}"/>${ticks.filter((t) => !t.includes('text-anchor="end"')).join("")}` +
    `<text x="${W - right}" y="${H - bottom + 23}" text-anchor="end" class="unit">${esc(tr("hours since the drill's start"))}</text></g>`;
  const lines = keys.map((k, i) => `<polyline fill="none" stroke="${colors[i]}" stroke-width="1.8" points="${valid.filter((p) => p[k] != null).map((p) => `${x(p.minute).toFixed(1)},${y(p[k]).toFixed(1)}`).join(" ")}"/>`);
  const last = valid[valid.length - 1];
  const legend = keys.map((k, i) => `<tspan fill="${colors[i]}">${esc(labels[i])} ${last[k] == null ? "-" : (fixedMax === 1 ? (last[k] * 100).toFixed(1) + "%" : last[k])}</tspan>`).join(" ");
  return `<svg ${frame}><text x="4" y="12" font-size="11" font-weight="600">${esc(title)}</text><text x="4" y="${H - 4}" font-size="10">${legend}</text>${axes}${lines.join("")}</svg>`;
}

function drawCharts(chart) {
  if (!chart) { $("#charts").innerHTML = ""; return; }
  $("#charts").innerHTML = `<h2>${esc(tr("KPIs, live"))}</h2>` +
    lineChart(tr("fill rate"), chart, ["fill_rate"], [tr("fill rate")], ["#2e7d32"], 1, tr("share filled")) +
    lineChart(tr("orders"), chart, ["orders_open", "orders_cancelled"], [tr("orders open"), tr("orders cancelled")], ["#1f6feb", "#c62828"], null, tr("orders")) +
    lineChart(tr("couriers"), chart, ["couriers_idle", "couriers_on_trip"], [tr("couriers idle"), tr("couriers on trip")], ["#98a2b3", "#1f6feb"], null, tr("couriers")) +
    lineChart(tr("urgent calls open"), chart, ["urgent_open"], [tr("urgent open")], ["#e0a800"], null, tr("calls"));
}

// --- each role's own figures -------------------------------------------------------------------
function table(headers, rows) {
  return `<div class="scroll"><table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table></div>`;
}

function drawFigures(s) {
  const out = [];
  out.push(`<h2>${esc(tr("Villages"))}</h2>` + table([tr("village"), tr("state"), tr("channels open"), tr("locked for"), tr("orders waiting")],
    s.villages.filter((v) => v.locked).map((v) => [esc(show(v.name)), esc(tr(v.state)), esc(showAll(v.channels_open) || tr("none")), esc(tr("{n} min", {n: Math.round(v.locked_minutes)})), v.orders_waiting])));
  if (s.stock_report) {
    const rows = s.stock_report.stores.filter((st) => st.serves.length || st.closed).map((st) =>
      [esc(show(st.id)), esc(show(st.kind)), esc(showAll(st.serves)), st.closed ? esc(tr("CLOSED")) : st.backlog,
       esc(Object.entries(st.stock_share).map(([c, v]) => `${show(c)} ${v == null ? "-" : Math.round(v * 100) + "%"}`).join(tr(", ")))]);
    out.push(`<h2>${esc(tr("Stores serving"))} <span class="muted small">${esc(tr("stock report of {time}", {time: s.stock_report.time}))}</span></h2>` + table([tr("store"), tr("kind"), tr("serves"), tr("in picking"), tr("stock (share of shelf)")], rows));
    const depot = s.stock_report.depot ? Object.entries(s.stock_report.depot).map(([c, u]) => show(c) + " " + u.toLocaleString()).join(tr(", ")) : "";
    if (s.stock_report.depot) out.push("<p>" + esc(tr("Depot: {stock}", {stock: depot})) + "</p>");
  }
  if (s.suppliers_in_outage) out.push(`<p>${esc(tr("Suppliers not shipping: {suppliers}", {suppliers: showAll(s.suppliers_in_outage) || tr("none")}))}</p>`);
  if (s.roll_call) {
    const c = s.roll_call.couriers;
    out.push(`<h2>${esc(tr("Couriers"))} <span class="muted small">${esc(tr("roll call of {time}", {time: s.roll_call.time}))}</span></h2>` +
      table(Object.keys(c).map((k) => tr(k.replace(/_/g, " "))), [Object.values(c)]) +
      `<p>${esc(tr("orders waiting for a courier: {n}", {n: s.roll_call.orders_waiting_for_courier}))}</p>` +
      table([tr("gate"), tr("orders at the gate"), tr("volunteers")], s.roll_call.gates.map((g) => [esc(show(g.village)), g.orders_at_gate, g.volunteers])));
  }
  if (s.urgent) out.push(`<h2>${esc(tr("Urgent calls"))}</h2><p>${esc(tr("{calls} calls, {open} open, {reached} reached; median pickup {median} min, slowest {slowest} min", {calls: s.urgent.calls, open: s.urgent.open, reached: s.urgent.reached, median: s.urgent.median_pickup_minutes ?? "-", slowest: s.urgent.slowest_pickup_minutes ?? "-"}))}</p>`);
  if (s.pharmacies) out.push(`<h2>${esc(tr("Pharmacies"))} <span class="muted small">${esc(tr("stock report of {time}", {time: s.pharmacies.time}))}</span></h2>` +
    table([tr("pharmacy"), tr("serves"), tr("medicine"), tr("share of shelf")], s.pharmacies.stores.map((p) =>
      [esc(show(p.id)) + (p.closed ? esc(tr(" (closed)")) : ""), esc(showAll(p.serves) || "-"), p.medicine == null ? "-" : Math.round(p.medicine).toLocaleString(), p.share == null ? "-" : Math.round(p.share * 100) + "%"])));
  $("#figures").innerHTML = out.join("");
}

// --- decision points ---------------------------------------------------------------------------
function drawDecisions(s) {
  const key = JSON.stringify(s.decisions.map((d) => d.inject)) + s.role;
  if (key === decisionsKey) {
    for (const d of s.decisions) {
      const left = document.querySelector(`#decision-${CSS.escape(d.inject)} .left-min`);
      if (left) left.textContent = Math.max(0, Math.round(d.deadline - s.clock.minute));
      const wall = document.querySelector(`#decision-${CSS.escape(d.inject)} .left-wall`);
      if (wall) wall.textContent = d.wall_minutes_left;
    }
    return;
  }
  decisionsKey = key;
  $("#decisions").innerHTML = s.decisions.map((d) => {
    const mine = s.role === d.role;
    const left = `<span class="left-min">${Math.round(d.deadline - s.clock.minute)}</span>`;
    const wall = `<span class="left-wall">${d.wall_minutes_left}</span>`;
    return `<div class="card urgent decision" id="decision-${esc(d.inject)}"><b>${esc(tr("Decision for the {role}", {role: roleTitle(d.role)}))}</b> (${esc(d.inject)})${esc(tr(": "))}${esc(d.question)}<br>
      <span class="muted small">${tr("deadline {time} ({left} min left, {wall} wall min at the clock's speed); then the default [{key}]", {time: esc(d.deadline_time), left, wall, key: esc(d.default)})}</span><br>` +
      d.options.map((o) => mine ? `<button class="option" data-inject="${esc(d.inject)}" data-option="${esc(o.key)}">${esc(o.label)}${o.key === d.default ? esc(tr(" (default)")) : ""}</button>` : `<div class="small">· ${esc(o.label)}</div>`).join(" ") + "</div>";
  }).join("");
  for (const b of document.querySelectorAll("button.option")) {
    b.onclick = () => post("/api/decide", {inject: b.dataset.inject, option: b.dataset.option});
  }
}

// --- the command centre's channel set-up ------------------------------------------------------
const STAGE_TITLES = {groups: tr("Set up the groups"), stores: tr("Take these stores"), confirm: tr("Confirm the stores"), publish: tr("Publish: open ordering")};

function drawSetUps(s) {
  const box = $("#set-ups");
  if (!s.set_ups) { box.innerHTML = ""; return; }
  const key = JSON.stringify(s.set_ups.map((u) => [u.village, u.epoch, u.stages, u.stores]));
  for (const u of s.set_ups) {
    const t = document.querySelector(`#setup-${CSS.escape(u.village)} .taken`);
    if (t) t.textContent = u.minutes_so_far;
  }
  if (key === setUpKey) return;
  setUpKey = key;
  const mine = s.role === "command_centre";
  box.innerHTML = s.set_ups.map((u) => {
    const next = ["groups", "stores", "confirm", "publish"].find((st) => !u.stages.includes(st));
    const stages = ["groups", "stores", "confirm", "publish"].map((st) => `<span class="${u.stages.includes(st) ? "done" : ""}">${u.stages.includes(st) ? "✔" : "○"} ${esc(STAGE_TITLES[st])}</span>`).join("");
    let ledger = "";
    if (mine) {
      const rows = u.ledger.map((st) => {
        const picked = u.stores && (u.stores[st.kind] || []).includes(st.id);
        return [`<input type="checkbox" name="pick" data-kind="${esc(st.kind)}" value="${esc(st.id)}" ${picked ? "checked" : ""} ${st.closed || next !== "stores" ? "disabled" : ""}>`,
          esc(show(st.id)), esc(show(st.kind)), st.floor_m2, st.licensed ? esc(tr("yes")) : esc(tr("NO")), st.infection_risk ? esc(tr("RISK")) : esc(tr("no")), st.distance_km, esc(showAll(st.serves) || "-") + (st.closed ? esc(tr(" (closed)")) : "")];
      });
      ledger = `<details ${next === "stores" ? "open" : ""}><summary>${esc(tr("Ledger ({n} stores of the standard kinds: {kinds})", {n: u.ledger.length, kinds: showAll(u.standard_kinds)}))}</summary>` +
        `<div class="ledger">${table([tr("take"), tr("store"), tr("kind"), tr("m²"), tr("licence"), tr("risk"), tr("km"), tr("already serving")], rows)}</div></details>`;
    }
    const button = mine && next ? `<button class="primary stage stage-${next}" data-village="${esc(u.village)}" data-epoch="${u.epoch}" data-stage="${next}">${esc(STAGE_TITLES[next])}</button>` : "";
    return `<div class="card urgent setup" id="setup-${esc(u.village)}"><b>${esc(tr("Channel set-up: {village}", {village: show(u.village)}))}</b> ${tr("locked {minutes} min ago", {minutes: '<span class="taken">' + u.minutes_so_far + "</span>"})}<div class="stages">${stages}</div>${ledger}${button}</div>`;
  }).join("");
  for (const b of box.querySelectorAll("button.stage")) {
    b.onclick = () => {
      const body = {village: b.dataset.village, epoch: Number(b.dataset.epoch), stage: b.dataset.stage};
      if (b.dataset.stage === "stores") {
        const picks = {};
        for (const c of b.closest(".setup").querySelectorAll("input[name=pick]:checked")) (picks[c.dataset.kind] = picks[c.dataset.kind] || []).push(c.value);
        body.stores = picks;
      }
      setUpKey = "";
      post("/api/set_up", body);
    };
  }
}

// --- the role's action menu --------------------------------------------------------------------
function drawMenu(s) {
  if (menuDrawn) return;
  menuDrawn = true;
  if (!s.menu.length) return;
  $("#menu").innerHTML = `<h2>${esc(tr("Actions"))}</h2>` + s.menu.map((a) => `<form class="action" id="action-${esc(a.action)}" data-action="${esc(a.action)}"><b>${esc(a.title)}</b>` +
    a.fields.map((f) => `<label>${esc(f.label)}` + (f.choices ? `<select name="${esc(f.name)}">${f.choices.map((c) => `<option value="${esc(c)}">${esc(show(c))}</option>`).join("")}</select>` :
      `<input name="${esc(f.name)}" type="number" min="1" step="${f.input === "count" ? 1 : "any"}" required size="7">`) + "</label>").join("") +
    `<button type="submit">${esc(tr("Do it"))}</button></form>`).join("");
  for (const form of document.querySelectorAll("form.action")) {
    form.onsubmit = (e) => {
      e.preventDefault();
      const fields = {};
      for (const el of form.elements) {
        if (!el.name) continue;
        fields[el.name] = el.type === "number" ? Number(el.value) : el.value;
      }
      post("/api/act", {action: form.dataset.action, fields});
    };
  }
}

// --- the facilitator: injects, objectives, roles -----------------------------------------------
function drawFacilitator(s) {
  if (s.role !== "facilitator") return;
  const injects = table([tr("time"), tr("inject"), tr("kind: target"), tr("to"), tr("objective"), tr("status")], s.injects.map((i) =>
    [esc(i.time), esc(i.id), esc(tr("{kind}: {target}", {kind: tr(i.kind.replace(/_/g, " ")), target: show(i.target)})), esc(roleTitle(i.to)), esc(tr(i.objective.replace(/_/g, " "))),
     i.played ? (i.choice ? esc(tr("played; chose {key} ({by})", {key: i.choice, by: i.by || ""})) : esc(tr("played"))) + `<br><span class="muted small">${esc(i.effect)}</span>` : esc(i.decision ? tr("to come (decision)") : tr("to come"))]));
  const objectives = table([tr("objective"), tr("target"), tr("so far"), ""], s.objectives.map((o) =>
    [esc(tr(o.objective.replace(/_/g, " "))), esc(o.target), esc(o.figure ?? "-"), o.met == null ? "" : `<span class="${o.met ? "met" : "missed"}">${esc(o.met ? tr("met") : tr("missed"))}</span>`]));
  const roles = s.roles.map((r) => `<label><input type="checkbox" class="played" data-role="${esc(r.role)}" ${r.played ? "checked" : ""}> ${esc(r.title)}</label>`).join(" · ");
  const done = s.set_ups_done.map((u) => [esc(show(u.village)), esc(tr(u.by)), esc(tr("{n} min", {n: u.minutes_taken})), esc(u.stores ? Object.entries(u.stores).map(([k, v]) => `${show(k)}: ${showAll(v)}`).join(tr("; ")) : tr("the model's"))]);
  const doneHeader = [tr("village"), tr("done by"), tr("lockdown to channels open"), tr("stores")];
  const setUpsDone = done.length ? table(doneHeader, done) : "<p class=muted>" + esc(tr("none yet")) + "</p>";
  const box = $("#facilitator");
  const focused = document.activeElement && box.contains(document.activeElement);
  if (focused) return;
  box.innerHTML = `<h2>${esc(tr("Objectives"))}</h2>${objectives}<h2>${esc(tr("Inject list"))}</h2>${injects}` +
    `<h2>${esc(tr("Channel set-ups"))}</h2>${setUpsDone}` +
    `<h2>${esc(tr("Roles played by people"))}</h2><p>${roles}</p>`;
  for (const c of box.querySelectorAll("input.played")) c.onchange = () => post("/api/roles", {role: c.dataset.role, played: c.checked});
}

// --- the evaluator: each objective's guide, a rating and an observation ---------------------------
// what the evaluator has chosen and typed but not recorded yet, objective -> {rating, observation}:
// kept when the page is drawn again, so a rating recorded shows in the table at once and the
// other objectives' drafts stay
const evalDrafts = {};
function drawEvaluator(s) {
  if (s.role !== "evaluator" || !s.evaluation) return;
  const box = $("#evaluator");
  const typing = document.activeElement && box.contains(document.activeElement) && document.activeElement.matches("textarea, select");
  const key = JSON.stringify(s.evaluation.recorded.length);
  if (typing || box.dataset.key === key) return;
  box.dataset.key = key;
  const hint = tr("what you observed");
  const options = (objective) => s.evaluation.ratings.map((r) => `<option value="${esc(r.code)}" ${(evalDrafts[objective] || {}).rating === r.code ? "selected" : ""}>${esc(r.code)}: ${esc(r.name)}</option>`).join("");
  const guides = s.evaluation.guides.map((g) => `<div class="card"><b>${esc(g.title)}</b>` +
    `<p class="muted small">${esc(tr("Guide: {guide}", {guide: g.guide}))}</p>` +
    (g.injects.length ? "<ul class=small>" + g.injects.map((i) => `<li>${esc(i.id)}: ${esc(i.expected_action)}</li>`).join("") + "</ul>" : "") +
    `<label>${esc(tr("rating"))} <select class="eval-rating" data-objective="${esc(g.objective)}">${options(g.objective)}</select></label>` +
    `<br><textarea class="eval-observation" data-objective="${esc(g.objective)}" rows="3" maxlength="2000" placeholder="${esc(hint)}">${esc((evalDrafts[g.objective] || {}).observation || "")}</textarea>` +
    `<br><button class="eval-record" data-objective="${esc(g.objective)}">${esc(tr("Record the rating"))}</button></div>`).join("");
  const recorded = s.evaluation.recorded.length ? table([tr("sim time"), tr("objective"), tr("rating"), tr("what the evaluator saw")],
    s.evaluation.recorded.map((e) => [esc(e.time), esc(e.objective_title), esc(e.rating), esc(e.observation)])) : `<p class=muted>${esc(tr("none yet"))}</p>`;
  box.innerHTML = `<h2>${esc(tr("Exercise evaluation guides"))}</h2>${guides}<h2>${esc(tr("Ratings recorded"))}</h2>${recorded}`;
  const field = (kind, objective) => box.querySelector(`${kind}[data-objective="${CSS.escape(objective)}"]`);
  const draft = (objective) => ({rating: field("select.eval-rating", objective).value, observation: field("textarea.eval-observation", objective).value});
  for (const input of box.querySelectorAll("select.eval-rating, textarea.eval-observation")) {
    input.oninput = input.onchange = () => { evalDrafts[input.dataset.objective] = draft(input.dataset.objective); };
  }
  for (const b of box.querySelectorAll("button.eval-record")) {
    b.onclick = async () => {
      const objective = b.dataset.objective;
      const sent = draft(objective);
      delete evalDrafts[objective];  // recorded: its form is drawn again empty
      box.dataset.key = "";
      const data = await post("/api/evaluate", Object.assign({objective}, sent));
      if (data.error) {  // refused: the evaluator's words come back to the form
        evalDrafts[objective] = sent;
        box.dataset.key = "";
        drawEvaluator(state);
      }
    };
  }
}

// the page's own words, in its language
function labelPage() {
  const words = {"#btn-play": tr("Play"), "#btn-pause": tr("Pause"), "#label-speed": tr("speed"), "#btn-speed": tr("Set"),
    "#btn-next": tr("Jump to the next inject"), "#title-map": tr("Town map"), "#title-messages": tr("Messages"),
    "#title-log": tr("Log"), "#log-time": tr("sim time"), "#log-wall": tr("wall"), "#log-who": tr("who"),
    "#log-what": tr("what"), "#log-result": tr("result"), "#projector-link": tr("Projector view")};
  for (const [sel, text] of Object.entries(words)) $(sel).textContent = text;
  $("#map").setAttribute("aria-label", tr("town map"));
  const normal = tr("normal"), locked = tr("locked"), open = tr("channels open");
  $("#legend").innerHTML = tr("villages: {normal} · {locked} · {open}; stores: fill = lowest stock share, number = orders in picking",
    {normal: '<b class="normal">' + esc(normal) + "</b>", locked: '<b class="locked">' + esc(locked) + "</b>", open: '<b class="open">' + esc(open) + "</b>"});
}

labelPage();
$("#btn-play").onclick = () => post("/api/clock", {do: "play"});
$("#btn-pause").onclick = () => post("/api/clock", {do: "pause"});
// a clock action refused while work is open (409) is asked again, confirmed, only if the facilitator agrees
async function clockAction(body) {
  const data = await post("/api/clock", body);
  if (data.confirm && window.confirm(data.error)) await post("/api/clock", Object.assign({}, body, {confirm: true}));
}
$("#btn-speed").onclick = () => clockAction({do: "speed", speed: Number($("#speed").value)});
$("#btn-next").onclick = () => clockAction({do: "next_inject"});
refresh();
setInterval(refresh, 1000);
