// The tooln1 operations console: polls the JSON API every 2 s and redraws; actions are POSTs
// carrying the page's CSRF token.
(function () {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const state = { selected: null, charts: {}, lastHistoryLen: -1 };
  const $ = (sel) => document.querySelector(sel);

  function text(v) { return v === null || v === undefined ? "–" : String(v); }
  function fmt(v, d = 3) { return v === null || v === undefined || Number.isNaN(v) ? "–" : Number(v).toFixed(d); }
  function eta(s) {
    if (s === null || s === undefined) return "–";
    if (s < 90) return s + " s";
    if (s < 5400) return Math.round(s / 60) + " min";
    return (s / 3600).toFixed(1) + " h";
  }
  function cell(tr, value, cls) {
    const td = document.createElement("td");
    td.textContent = value;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }
  async function getJson(url) {
    const r = await fetch(url, { credentials: "same-origin" });
    if (!r.ok) throw new Error(url + ": HTTP " + r.status);
    return r.json();
  }

  function renderCampaigns(list) {
    const body = $("#campaigns tbody");
    body.replaceChildren();
    for (const c of list) {
      const tr = document.createElement("tr");
      tr.dataset.id = c.id;
      if (c.id === state.selected) tr.classList.add("sel");
      cell(tr, c.name || c.id);
      const st = cell(tr, "");
      const b = document.createElement("span");
      b.className = "badge " + c.status;
      b.textContent = c.status;
      st.appendChild(b);
      cell(tr, text(c.phase));
      cell(tr, c.totalSteps ? c.step + " / " + c.totalSteps : String(c.step));
      cell(tr, fmt(c.lastReward));
      cell(tr, eta(c.etaSeconds));
      tr.addEventListener("click", () => select(c.id));
      body.appendChild(tr);
    }
    if (!state.selected && list.length > 0) select(list[0].id);
  }

  function renderSchedules(list) {
    const body = $("#schedules tbody");
    body.replaceChildren();
    for (const s of list) {
      const tr = document.createElement("tr");
      cell(tr, s.id); cell(tr, s.campaignId); cell(tr, s.evalSet);
      cell(tr, eta(s.intervalSeconds)); cell(tr, text(s.nextRun)); cell(tr, s.status); cell(tr, text(s.kind));
      body.appendChild(tr);
    }
  }

  function chart(id, seriesDefs, data) {
    const el = document.getElementById(id);
    const width = Math.max(300, el.clientWidth || 420);
    let u = state.charts[id];
    if (!u) {
      u = new uPlot({
        width, height: 180,
        scales: { x: { time: false } },
        axes: [{ label: "step" }, {}],
        series: [{ label: "step" }].concat(seriesDefs),
      }, data, el);
      state.charts[id] = u;
    } else {
      u.setData(data);
    }
    // The number of points the chart now holds, for scripts and browser tests.
    el.dataset.points = String(u.data[0].length);
  }

  function renderDetail(d) {
    $("#detail").hidden = false;
    const s = d.summary;
    // What the page shows, for scripts and browser tests: the campaign, its status and step.
    $("#detail").dataset.campaign = s.id;
    $("#detail").dataset.status = s.status;
    $("#detail").dataset.step = s.step;
    $("#detail").dataset.phase = s.phase || "";
    $("#d-name").textContent = s.name || s.id;
    const badge = $("#d-status");
    badge.textContent = s.status;
    badge.className = "badge " + s.status;
    $("#d-phase").textContent = (s.phase || "") + " · step " + s.step + (s.totalSteps ? " / " + s.totalSteps : "")
      + (s.etaSeconds !== null && s.etaSeconds !== undefined ? " · ETA " + eta(s.etaSeconds) : "");
    const finished = s.status === "COMPLETED" || s.status === "FAILED" || s.status === "LOST";
    $("#btn-pause").disabled = finished || s.status === "PAUSED";
    $("#btn-resume").disabled = finished || s.status !== "PAUSED";
    $("#btn-stop").disabled = finished;

    const h = d.history;
    // Where the charts' steps come from (the workflow, or the campaign's metrics files when the
    // workflow has no history of it), said on the page.
    const source = d.historySource || { kind: "none", description: "" };
    const note = $("#d-history");
    note.textContent = source.description;
    note.className = "note " + source.kind;
    note.dataset.source = source.kind;
    const steps = h.map((p) => p.step);
    // Evaluations sit on the same x axis; steps without an evaluation are gaps.
    const acc = steps.map((st) => {
      const e = d.evals.find((x) => x.step === st);
      return e ? e.accuracy : null;
    });
    chart("ch-reward", [{ label: "mean reward", stroke: "#2f6fde" }, { label: "accuracy", stroke: "#1f8a4c", spanGaps: true, points: { show: true } }],
      [steps, h.map((p) => p.meanReward), acc]);
    chart("ch-format", [{ label: "format valid", stroke: "#8a4fd6" }], [steps, h.map((p) => p.formatValidRate)]);
    chart("ch-kl", [{ label: "KL", stroke: "#d6761f" }], [steps, h.map((p) => p.kl)]);
    chart("ch-len", [{ label: "tokens", stroke: "#3a9aa8" }], [steps, h.map((p) => p.responseLength)]);
    chart("ch-time", [{ label: "rollout", stroke: "#2f6fde" }, { label: "score", stroke: "#1f8a4c" }, { label: "update", stroke: "#c23b3b" }],
      [steps, h.map((p) => p.rolloutSeconds), h.map((p) => p.scoreSeconds), h.map((p) => p.updateSeconds)]);

    const ev = $("#evals tbody");
    ev.replaceChildren();
    for (const e of d.evals.slice().reverse()) {
      const tr = document.createElement("tr");
      cell(tr, e.step); cell(tr, e.label); cell(tr, fmt(e.accuracy));
      cell(tr, interval(e)); cell(tr, text(e.n));
      ev.appendChild(tr);
    }
    const ck = $("#checkpoints tbody");
    ck.replaceChildren();
    for (const c of d.checkpoints.slice().reverse()) {
      const tr = document.createElement("tr");
      tr.dataset.step = c.step;
      cell(tr, c.step); cell(tr, c.kind); cell(tr, (c.sha256 || "").slice(0, 12), "mono");
      cell(tr, (c.evals || []).map((e) => e.label + " " + fmt(e.accuracy)
        + (e.lower !== null && e.lower !== undefined ? " " + interval(e) : "")
        + (e.n !== null && e.n !== undefined ? " n=" + e.n : "")).join("; ") || "–");
      const b = cell(tr, "");
      for (const r of c.bfcl || []) b.appendChild(reportItem(r));
      if (!b.childElementCount) b.textContent = "–";
      ck.appendChild(tr);
    }
    const comparisons = d.bfclComparisons || [];
    const cmp = $("#bfcl-comparisons");
    cmp.hidden = comparisons.length === 0;
    const ul = cmp.querySelector("ul");
    ul.replaceChildren();
    for (const r of comparisons) {
      const li = document.createElement("li");
      li.appendChild(reportItem(r));
      ul.appendChild(li);
    }
    const sm = $("#samples tbody");
    sm.replaceChildren();
    for (const x of d.samples) {
      const tr = document.createElement("tr");
      cell(tr, x.step); cell(tr, x.promptId + " #" + x.sample, "mono"); cell(tr, fmt(x.reward, 2));
      cell(tr, x.reason, "mono"); cell(tr, x.response + (x.truncated ? " [cut]" : ""), "resp");
      sm.appendChild(tr);
    }
  }

  function interval(e) {
    return e.lower === null || e.lower === undefined ? "–" : "[" + fmt(e.lower) + ", " + fmt(e.upper) + "]";
  }

  // One BFCL report: its label (a link to its page when the console serves one) and headline columns.
  function reportItem(r) {
    const span = document.createElement("span");
    span.className = "report";
    const name = r.runs > 1 ? r.label + " (" + r.runs + " runs)" : r.label;
    let label;
    if (r.url) {
      label = document.createElement("a");
      label.href = r.url;
      label.target = "_blank";
      label.rel = "noopener";
    } else {
      label = document.createElement("span");
    }
    label.textContent = name;
    span.appendChild(label);
    const a = r.aggregates || {};
    // A column that includes a category the run did not evaluate (counted as 0) gets a "*".
    const missing = new Set(r.incomplete || []);
    const mark = (key) => (missing.has(key) ? "*" : "");
    const parts = [];
    if (a.non_live_ast !== undefined) parts.push("non-live " + pct(a.non_live_ast) + mark("non_live_ast"));
    if (a.live_ast !== undefined) parts.push("live " + pct(a.live_ast) + mark("live_ast"));
    if (a.irrelevance !== undefined) parts.push("irrel. " + pct(a.irrelevance) + mark("irrelevance"));
    if (parts.length) span.appendChild(document.createTextNode(" " + parts.join(" · ")));
    if (a.tool_n1_overall !== undefined) {
      // The paper's headline BFCL number, with two decimals as Table 2 prints it.
      const paper = document.createElement("span");
      paper.className = "tool-n1";
      paper.dataset.overall = String(a.tool_n1_overall);
      paper.dataset.complete = String(!missing.has("tool_n1_overall"));
      paper.title = "Tool-N1 Table 2: mean of non-live AST and live AST (live weighted by full dataset sizes)"
        + (missing.has("tool_n1_overall") ? "; * a category was not evaluated and counts as 0" : "");
      paper.textContent = " · Overall (Tool-N1 Table 2) " + (100 * a.tool_n1_overall).toFixed(2) + "%"
        + mark("tool_n1_overall");
      span.appendChild(paper);
    }
    return span;
  }
  function pct(v) { return (100 * v).toFixed(1) + "%"; }

  async function select(id) {
    state.selected = id;
    for (const u of Object.values(state.charts)) u.destroy();
    state.charts = {};
    document.querySelectorAll("#campaigns tbody tr").forEach((tr) => tr.classList.toggle("sel", tr.dataset.id === id));
    await refreshDetail();
  }

  async function refreshDetail() {
    if (!state.selected) return;
    renderDetail(await getJson("/api/campaigns/" + encodeURIComponent(state.selected)));
  }

  async function act(action) {
    if (!state.selected) return;
    const msg = $("#d-msg");
    msg.textContent = action + "…";
    let query = "";
    if (action === "evaluate") {
      const limit = $("#eval-limit").value.trim();
      query = "?set=" + encodeURIComponent($("#eval-set").value) + (limit ? "&limit=" + encodeURIComponent(limit) : "");
    }
    const r = await fetch("/api/campaigns/" + encodeURIComponent(state.selected) + "/" + action + query, {
      method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrf },
    });
    const body = await r.json().catch(() => ({}));
    msg.textContent = r.ok ? action + ": sent" + (body.workflowId ? " (" + body.workflowId + ")" : "")
      : action + " failed: " + (body.error || body.title || r.status);
    await tick();
  }

  document.querySelectorAll(".actions button").forEach((b) => b.addEventListener("click", () => act(b.dataset.action)));

  async function tick() {
    const conn = $("#conn");
    try {
      renderCampaigns(await getJson("/api/campaigns"));
      renderSchedules(await getJson("/api/schedules"));
      await refreshDetail();
      conn.textContent = "live · " + new Date().toLocaleTimeString();
      conn.classList.remove("down");
    } catch (e) {
      conn.textContent = "disconnected: " + e.message;
      conn.classList.add("down");
    }
  }
  tick();
  setInterval(tick, 2000);
})();
