// The page for people: load a case, check it, read the décompte, produce the documents.
// Everything stays in this browser; the service is called through its public API only.

import { el, SchemaForm } from "./schema-form.js";
import { euros, longDate, percent, plural, shortDate } from "./fmt.js";
import { fieldLabel, KIND, KIND_HELP, pathLabel } from "./labels.js";
import { EntryCounter, readManifest } from "./zip.js";

const $ = (id) => document.getElementById(id);

const state = {
  components: {},
  kinds: [],
  cases: [],
  current: 0,
  options: {}, // per kind
  seq: 0,
  lastErrors: [],
  importWarnings: [], // from /v1/cases/from-invoices: {code, path, case_index, file, message_fr}
  generateErrors: [],
  downloadUrl: null,
  previewUrl: null,
  batchUrl: null,
};

let caseForm = null;
let timer = null;

// ---------------------------------------------------------------- service calls

async function callJson(path, body, { accept = "application/json" } = {}) {
  let resp;
  try {
    resp = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: accept },
      body: JSON.stringify(body),
    });
  } catch (err) {
    return { ok: false, status: 0, problem: { title_fr: "Le service ne répond pas.", detail: String(err) } };
  }
  return readAnswer(resp);
}

async function readAnswer(resp) {
  const type = resp.headers.get("Content-Type") || "";
  if (resp.ok) {
    if (type.includes("json")) return { ok: true, status: resp.status, data: await resp.json(), resp };
    return { ok: true, status: resp.status, blob: await resp.blob(), resp };
  }
  let problem = { title_fr: `Erreur ${resp.status}` };
  if (type.includes("json")) {
    try { problem = await resp.json(); } catch { /* keep the generic title */ }
  }
  return { ok: false, status: resp.status, problem };
}

function problemText(problem) {
  const title = problem.title_fr || problem.title || "Erreur";
  const detail = problem.detail_fr || "";
  return detail ? `${title} : ${detail}` : title;
}

// ---------------------------------------------------------------- loading

function emptyCase() {
  return {
    creditor: { type: "company", address: { country: "FR" } },
    debtor: { type: "company", address: { country: "FR" } },
    invoices: [{}],
    payments: [],
    reminders: [],
    terms: { flat_indemnity: true },
  };
}

// A case, a request body {"case"}, a list of cases, {"cases": [...]} or a batch {"items": [...]}
function casesFrom(json) {
  if (Array.isArray(json)) return json.filter((c) => c && typeof c === "object");
  if (json && typeof json === "object") {
    if (Array.isArray(json.cases)) return json.cases;
    if (Array.isArray(json.items)) return json.items.map((i) => i.case).filter(Boolean);
    if (json.case && typeof json.case === "object") return [json.case];
    return [json];
  }
  return [];
}

function setStatus(id, text, kind = "") {
  const node = $(id);
  node.textContent = text;
  node.className = `status ${kind}`;
}

function loadCases(cases, message, importWarnings = []) {
  state.cases = cases;
  state.importWarnings = importWarnings;
  state.current = 0;
  const picker = $("case-picker");
  const select = $("case-select");
  select.replaceChildren();
  cases.forEach((c, i) => {
    const debtor = (c.debtor && (c.debtor.name || [c.debtor.first_name, c.debtor.last_name].filter(Boolean).join(" "))) || "débiteur ?";
    select.append(el("option", { value: String(i), text: `${i + 1}. ${c.reference || "sans référence"} — ${debtor}` }));
  });
  picker.hidden = cases.length < 2;
  setStatus("load-status", message, "ok");
  showCase();
  updateBatch();
}

async function loadCaseFile(file) {
  let json;
  try {
    json = JSON.parse(await file.text());
  } catch (err) {
    setStatus("load-status", `« ${file.name} » est illisible : ce n’est pas un JSON valide (${err.message}).`, "bad");
    return;
  }
  const cases = casesFrom(json);
  if (!cases.length) {
    setStatus("load-status", `« ${file.name} » ne contient aucun dossier.`, "bad");
    return;
  }
  loadCases(cases, cases.length > 1
    ? `${plural(cases.length, "dossier chargé", "dossiers chargés")} depuis « ${file.name} ».`
    : `Dossier « ${cases[0].reference || file.name} » chargé.`);
}

function mergeablePart(c) {
  const keep = ["creditor", "terms", "signatory", "issuer", "lawyer", "grace_period_days", "as_of"];
  const out = {};
  for (const k of keep) if (c && c[k] !== undefined && c[k] !== null) out[k] = c[k];
  return out;
}

async function importInvoices(files) {
  if (!files.length) {
    setStatus("load-status", "Choisissez d’abord une ou plusieurs factures ou un export CSV.", "bad");
    $("invoice-files").focus();
    return;
  }
  const form = new FormData();
  for (const f of files) form.append("files", f, f.name);
  const current = state.cases[state.current];
  if ($("merge-current").checked && current) {
    const part = mergeablePart(current);
    if (Object.keys(part).length) form.append("case", new Blob([JSON.stringify(part)], { type: "application/json" }), "case.json");
  }
  setStatus("load-status", `Lecture de ${plural(files.length, "fichier", "fichiers")}…`, "busy");
  let answer;
  try {
    answer = await readAnswer(await fetch("/v1/cases/from-invoices", { method: "POST", body: form, headers: { Accept: "application/json" } }));
  } catch (err) {
    setStatus("load-status", `Le service ne répond pas (${err.message}).`, "bad");
    return;
  }
  if (answer.status === 404 || answer.status === 405) {
    setStatus("load-status", "Ce serveur ne propose pas encore l’import de factures (POST /v1/cases/from-invoices).", "bad");
    return;
  }
  if (!answer.ok) {
    const errs = (answer.problem.errors || []).map((e) => `${e.file ? `« ${e.file} »${e.row ? `, ligne ${e.row}` : ""}` : pathLabel(e.path)} : ${e.message_fr || e.message_en}`);
    setStatus("load-status", [problemText(answer.problem), ...errs].join(" — "), "bad");
    return;
  }
  const cases = answer.data.cases || [];
  const warnings = answer.data.warnings || [];
  if (!cases.length) {
    setStatus("load-status", ["Aucun dossier n’a pu être constitué à partir de ces fichiers.", ...warnings.map((w) => w.message_fr || w.code)].join(" "), "bad");
    return;
  }
  // the warnings of each case are shown with it (« À savoir », linked to their field)
  loadCases(cases, `${plural(cases.length, "dossier constitué", "dossiers constitués")} à partir de ${plural(files.length, "fichier", "fichiers")}${warnings.length ? ` ; ${plural(warnings.length, "point", "points")} à vérifier (voir « Contrôle »)` : ""}.`, warnings);
}

function setupDrop(zone, handler) {
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    const files = [...(e.dataTransfer?.files || [])];
    if (files.length) handler(files);
  });
}

function routeFiles(files) {
  const json = files.filter((f) => /\.json$/i.test(f.name) || f.type === "application/json");
  const others = files.filter((f) => !json.includes(f));
  if (json.length) loadCaseFile(json[0]);
  else if (others.length) importInvoices(others);
}

// ---------------------------------------------------------------- the case form

function currentCase() {
  return state.cases[state.current];
}

function showCase() {
  const c = currentCase();
  if (!c) return;
  caseForm.render($("case-form"), c);
  refreshJson(true);
  state.generateErrors = [];
  resetResult();
  scheduleCheck(0);
}

function refreshJson(force = false) {
  const area = $("case-json");
  // written only while its view is open (a case with evidence can weigh megabytes)
  if (!area.closest("details").open || (!force && document.activeElement === area)) return;
  const c = currentCase();
  area.value = c ? JSON.stringify(c, null, 2) : "";
}

function onCaseChange() {
  refreshJson();
  state.generateErrors = [];
  scheduleCheck(400);
}

function scheduleCheck(delay) {
  clearTimeout(timer);
  timer = setTimeout(check, delay);
}

// ---------------------------------------------------------------- checking

async function check() {
  const c = currentCase();
  if (!c) return;
  const seq = ++state.seq;
  const kind = $("kind").value || undefined;
  const options = state.options[kind] || {};
  // the case alone (its décompte is computed only when it is valid), and what the kind needs
  const [base, forKind] = await Promise.all([
    callJson("/v1/validate", { case: c }),
    kind ? callJson("/v1/validate", { case: c, kind, options }) : null,
  ]);
  const caseValid = base.ok && base.data.valid;
  const decompte = caseValid ? await callJson("/v1/decompte", { case: c }) : { ok: false, problem: { errors: base.ok ? base.data.errors : [] } };
  if (seq !== state.seq) return; // a newer check is under way
  let errors = [];
  let warnings = [];
  for (const v of [base, forKind]) {
    if (!v) continue;
    if (v.ok) {
      errors = errors.concat(v.data.errors || []);
      warnings = warnings.concat(v.data.warnings || []);
    } else {
      errors = errors.concat(v.problem.errors || [{ path: "", message_fr: problemText(v.problem) }]);
    }
  }
  if (decompte.ok) warnings = warnings.concat(decompte.data.warnings || []);
  else if (caseValid && decompte.problem.errors) errors = errors.concat(decompte.problem.errors);
  state.lastErrors = dedupe(errors, (e) => `${e.path}|${e.code}|${e.message_fr}`);
  showErrors();
  const imported = state.importWarnings.filter((w) => w.case_index === undefined || w.case_index === null || w.case_index === state.current);
  showWarnings(dedupe([...imported, ...warnings], (w) => `${w.code}|${w.message_fr}`));
  renderDecompte(decompte.ok ? decompte.data : null, decompte.ok ? null : decompte.problem);
}

function dedupe(list, key) {
  const seen = new Set();
  return list.filter((x) => { const k = key(x); if (seen.has(k)) return false; seen.add(k); return true; });
}

// The input (or the nearest enclosing block) that shows the fault of this path
function targetFor(path) {
  let p = path || "";
  while (p) {
    const node = document.querySelector(`[data-path="${CSS.escape(p)}"]`);
    if (node) return node;
    const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
    if (cut <= 0) break;
    p = p.slice(0, cut);
  }
  return null;
}

function labelOf(node) {
  const parts = [];
  let own = "";
  if (node.id && (node.tagName === "INPUT" || node.tagName === "SELECT" || node.tagName === "TEXTAREA")) {
    own = document.querySelector(`label[for="${CSS.escape(node.id)}"]`)?.textContent || "";
  }
  let cur = node;
  while (cur && cur !== document.body) {
    if (cur.tagName === "FIELDSET" || cur.tagName === "DETAILS") {
      const head = cur.querySelector(":scope > legend, :scope > summary");
      if (head && !(cur === node && own)) parts.unshift(head.textContent.replace(/\s*\(\d+\)$/, ""));
    }
    cur = cur.parentElement;
  }
  if (own) parts.push(own);
  return parts.map((s) => s.replace(/\s*\*$/, "").trim()).filter(Boolean).join(" › ");
}

function errorSlot(node) {
  if (!node) return null;
  const base = node.tagName === "INPUT" || node.tagName === "SELECT" || node.tagName === "TEXTAREA"
    ? node.id : (node.id || "").replace(/-box$/, "");
  return base ? $(`${base}-err`) : null;
}

function focusField(node) {
  let cur = node;
  while (cur) {
    if (cur.tagName === "DETAILS") cur.open = true;
    cur = cur.parentElement;
  }
  const target = node.matches("input,select,textarea") ? node : node.querySelector("input,select,textarea,button") || node;
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
}

function showErrors() {
  for (const n of document.querySelectorAll(".field-error")) { n.hidden = true; n.textContent = ""; }
  for (const n of document.querySelectorAll("[aria-invalid]")) n.removeAttribute("aria-invalid");
  for (const n of document.querySelectorAll(".has-error")) n.classList.remove("has-error");
  const box = $("errors");
  const all = [...state.lastErrors, ...state.generateErrors];
  if (!currentCase()) {
    box.replaceChildren(el("p", { class: "muted", text: "Aucun dossier chargé." }));
    return;
  }
  if (!all.length) {
    box.replaceChildren(el("p", { class: "ok-line", text: "Aucune anomalie : le dossier est complet pour ce document." }));
    announce("Aucune anomalie.");
    return;
  }
  const list = el("ul", { class: "error-list" });
  // in the order of the page: the list reads like the form
  const placed = all.map((e) => ({ e, node: targetFor(e.path) }));
  placed.sort((a, b) => (!a.node || !b.node ? (a.node ? 1 : b.node ? -1 : 0)
    : a.node === b.node ? 0 : a.node.compareDocumentPosition(b.node) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  for (const { e, node } of placed) {
    const slot = errorSlot(node);
    if (slot) {
      slot.hidden = false;
      slot.append(el("span", { text: e.message_fr || e.message_en || e.code }));
      if (node.matches("input,select,textarea")) node.setAttribute("aria-invalid", "true");
      for (let up = slot.parentElement; up && up.id !== "case-form" && up.id !== "options"; up = up.parentElement) {
        if (up.matches(".field,fieldset,details")) up.classList.add("has-error");
      }
      const opener = node.closest("details");
      if (opener) opener.open = true;
    }
    const where = node ? labelOf(node) : "";
    const item = el("li", {});
    if (node) {
      item.append(el("a", {
        href: `#${node.id || ""}`, class: "error-link", "data-error-path": e.path, text: where || e.path,
        onclick: (ev) => { ev.preventDefault(); focusField(node); },
      }), " : ");
    } else if (e.path) item.append(el("strong", { text: pathLabel(e.path) }), " : ");
    item.append(e.message_fr || e.message_en || e.code);
    list.append(item);
  }
  const n = all.length;
  announce(`${plural(n, "anomalie à corriger", "anomalies à corriger")}.`);
  box.replaceChildren(el("p", { class: "bad-line", text: `${plural(n, "anomalie à corriger", "anomalies à corriger")} :` }), list);
}

// one short spoken line when the number of faults changes, not the whole list on each key
function announce(text) {
  const node = $("check-status");
  if (node.textContent !== text) node.textContent = text;
}

function showWarnings(warnings) {
  const box = $("warnings");
  if (!warnings.length) { box.hidden = true; box.replaceChildren(); return; }
  box.hidden = false;
  box.replaceChildren(el("p", { class: "warn-line", text: "À savoir :" }),
    el("ul", {}, ...warnings.map((w) => {
      const node = w.path ? targetFor(w.path) : null;
      const item = el("li", {});
      if (node) {
        item.append(el("a", { href: `#${node.id || ""}`, "data-warning-path": w.path, text: labelOf(node) || pathLabel(w.path),
          onclick: (ev) => { ev.preventDefault(); focusField(node); } }), " : ");
      }
      item.append(w.message_fr || w.message_en || w.code);
      return item;
    })));
}

// ---------------------------------------------------------------- the décompte

const REGIME = {
  professional: "Entre professionnels : pénalités de retard (C.\u00a0com. art.\u00a0L441-10) et indemnité forfaitaire (art.\u00a0D441-5)",
  consumer: "Débiteur consommateur : intérêts au taux légal à compter de la mise en demeure (C.\u00a0civ. art.\u00a01231-6)",
};

function renderDecompte(d, problem) {
  const box = $("decompte");
  if (!d) {
    const why = problem && problem.errors && problem.errors.length
      ? "Le décompte sera calculé dès que les anomalies ci-dessus seront corrigées."
      : problem ? problemText(problem) : "";
    box.replaceChildren(el("h3", { text: "Décompte" }), el("p", { class: "muted", text: why }));
    return;
  }
  const t = d.totals;
  const summary = el("dl", { class: "totals" },
    el("div", {}, el("dt", { text: "Principal restant dû" }), el("dd", { text: euros(t.outstanding) })),
    el("div", {}, el("dt", { text: d.regime === "consumer" ? "Intérêts" : "Pénalités de retard" }), el("dd", { text: euros(t.interest) })),
    el("div", {}, el("dt", { text: "Indemnités forfaitaires" }), el("dd", { text: euros(t.indemnities) })),
    el("div", { class: "grand" }, el("dt", { text: "Total dû" }), el("dd", { "data-testid": "decompte-total", id: "decompte-total", text: euros(t.total_due) })));

  const interestWord = d.regime === "consumer" ? "Intérêts" : "Pénalités";
  const invHeads = ["Facture", "Échéance", "Montant TTC", "Réglé", "Restant dû", interestWord, "Indemnité"];
  // each cell carries its column's name: on a phone the rows are shown as cards
  const row = (heads, values, cls = "") => el("tr", { class: cls }, ...values.map((v, i) => i === 0
    ? el("th", { scope: "row", text: v })
    : el("td", { class: i > 1 ? "num" : "", "data-label": heads[i], text: v })));
  const invoices = el("table", { class: "data" },
    el("caption", { text: "Factures" }),
    el("thead", {}, el("tr", {}, ...invHeads.map((h, i) => el("th", { scope: "col", class: i > 1 ? "num" : "", text: h })))),
    el("tbody", {}, ...d.invoices.map((inv) => row(invHeads, [inv.number, shortDate(inv.due_date),
      euros(inv.amount), euros(inv.paid), euros(inv.outstanding), euros(inv.interest), euros(inv.indemnity)]))),
    el("tfoot", {}, row(invHeads, ["Total", "", euros(t.amount), euros(t.paid), euros(t.outstanding),
      euros(t.interest), euros(t.indemnities)])));

  const perHeads = ["Du", "Au", "Jours", "Base", "Taux", "Montant"];
  const periods = el("table", { class: "data periods" },
    el("caption", { text: "Périodes de calcul des intérêts (jours comptés, base, taux annuel)" }),
    el("thead", {}, el("tr", {}, ...perHeads.map((h, i) => el("th", { scope: "col", class: i > 1 ? "num" : "", text: h })))));
  for (const inv of d.invoices) {
    const body = el("tbody", {}, el("tr", { class: "group-row" },
      el("th", { scope: "rowgroup", colspan: 6, text: `Facture ${inv.number}` })));
    if (!inv.periods || !inv.periods.length) {
      body.append(el("tr", {}, el("td", { colspan: 6, class: "muted", text: "Aucun intérêt couru." })));
    }
    for (const p of inv.periods || []) {
      body.append(el("tr", {}, ...[shortDate(p.from), shortDate(p.to), String(p.days), euros(p.principal),
        percent(p.rate), euros(p.amount)].map((v, i) => el("td", { class: i > 1 ? "num" : "", "data-label": perHeads[i], text: v }))));
    }
    periods.append(body);
  }

  const scroll = (table, label) => el("div", { class: "scroll", tabindex: 0, role: "region", "aria-label": label }, table);
  const children = [
    el("h3", { text: `Décompte au ${longDate(d.as_of)}` }),
    el("p", { class: "hint", text: REGIME[d.regime] || d.regime }),
    summary,
    scroll(invoices, "Factures du décompte"),
    scroll(periods, "Périodes de calcul"),
  ];
  const presc = (d.prescription || []).filter((p) => p.expires_on);
  if (presc.length) {
    children.push(el("p", { class: "hint" }, "Prescription : ", ...presc.flatMap((p, i) => [
      i ? " ; " : "", `facture ${p.invoice}, ${p.years} ans (${p.basis}), ${p.expired ? "acquise depuis le" : "acquise le"} ${longDate(p.expires_on)}${p.near && !p.expired ? " (proche)" : ""}`])));
  }
  box.replaceChildren(...children);
}

// ---------------------------------------------------------------- kinds and options

function pascal(kind) {
  return kind.split("_").map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join("");
}

// The options of one kind: a published per-kind schema when the service has one, else the
// common Options schema cut down to what /v1/kinds says this kind reads.
function kindOptionsSchema(info) {
  const comps = state.components;
  if (info.options_schema && typeof info.options_schema === "object") return info.options_schema;
  for (const name of [`Options.${info.kind}`, `Options_${info.kind}`, `${pascal(info.kind)}Options`]) {
    if (comps[name]) return { $ref: `#/components/schemas/${name}` };
  }
  const opts = info.options && typeof info.options === "object" ? info.options : {};
  const values = Object.values(opts);
  if (values.length && values.every((v) => v && typeof v === "object" && (v.type || v.$ref || v.enum || v.anyOf))) {
    return { type: "object", properties: opts };
  }
  const common = comps.Options ? new SchemaForm(comps, {}).resolve({ $ref: "#/components/schemas/Options" }).schema : { properties: {} };
  const all = common.properties || {};
  const keys = [];
  for (const k of Object.keys(opts)) {
    const top = k.split(".")[0];
    if (all[top] && !keys.includes(top)) keys.push(top);
  }
  const posted = !/^no\b/i.test(String(info.posted_by_lrar || "no"));
  const extra = ["sign", "draft"];
  if ((info.formats || []).length > 1) extra.push("format");
  if (posted) extra.push("postage");
  for (const k of extra) if (all[k] && !keys.includes(k)) keys.push(k);
  const properties = {};
  for (const k of keys) properties[k] = all[k];
  return { type: "object", properties };
}

function kindInfo() {
  return state.kinds.find((k) => k.kind === $("kind").value);
}

// Options every kind reads: behind « Autres options » unless the kind lists them as its own
const COMMON_OPTIONS = ["sign", "signature_level", "pdfa", "draft", "format", "postage", "attach_evidence", "channel", "lrar"];
const COMMON_WORDS = {
  sign: "scellement", signature_level: "signature", pdfa: "PDF/A", draft: "filigrane",
  format: "format", postage: "affranchissement", attach_evidence: "pièces", channel: "mode d’envoi",
  lrar: "mention LRAR",
};

function showOptions() {
  const info = kindInfo();
  if (!info) return;
  $("kind-desc").textContent = KIND_HELP[info.kind] || info.description || "";
  if (!state.options[info.kind]) state.options[info.kind] = {};
  const value = state.options[info.kind];
  const published = kindOptionsSchema(info);
  const schema = new SchemaForm(state.components, {}).resolve(published, "Options").schema;
  const props = { ...(schema.properties || {}) };
  const formats = info.formats || [];
  if (formats.length <= 1) delete props.format; // one format: nothing to choose
  // a kind's own options first: with a per-kind schema, those that are not common to all
  // kinds; without one, those /v1/kinds lists for the kind
  const perKind = !(published.type === "object" && published.properties && !published.$ref) || Boolean(info.options_schema);
  const listed = new Set(perKind ? [] : Object.keys(info.options && typeof info.options === "object" ? info.options : {}).map((k) => k.split(".")[0]));
  if (formats.length > 1) listed.add("format");
  const own = {};
  const common = {};
  for (const [k, v] of Object.entries(props)) (listed.has(k) || !COMMON_OPTIONS.includes(k) ? own : common)[k] = v;
  const onChange = () => { state.generateErrors = []; scheduleCheck(300); };
  // defaults the schema cannot say: the kind's draft default, and "(default true)" in the
  // description /v1/kinds gives of a top-level option
  const defaults = { draft: info.draft_default };
  for (const [k, text] of Object.entries(info.options && typeof info.options === "object" ? info.options : {})) {
    const m = typeof text === "string" && !k.includes(".") ? /\bdefault:? (true|false)\b/i.exec(text) : null;
    if (m) defaults[k] = m[1].toLowerCase() === "true";
  }
  const make = (properties, container) => {
    const form = new SchemaForm(state.components, {
      prefix: "options", rootDef: "Options", onChange, defaults,
      root: { type: "object", properties, required: (schema.required || []).filter((k) => k in properties) },
    });
    form.render(container, value);
    return form;
  };
  make(own, $("options-body"));
  if (!Object.keys(own).length) $("options-body").replaceChildren(el("p", { class: "muted", text: "Aucune option propre à ce document." }));
  const more = Object.keys(common);
  $("options-more-box").hidden = !more.length;
  if (more.length) {
    make(common, $("options-more"));
    $("options-more-title").textContent = `Autres options : ${more.map((k) => COMMON_WORDS[k] || fieldLabel(k).toLowerCase()).join(", ")}`;
  }
  resetResult();
  updateBatch();
}

// ---------------------------------------------------------------- producing

function resetResult() {
  for (const key of ["downloadUrl", "previewUrl"]) {
    if (state[key]) URL.revokeObjectURL(state[key]);
    state[key] = null;
  }
  $("download").hidden = true;
  $("download").removeAttribute("href");
  $("result").hidden = true;
  $("preview").hidden = true;
  $("preview").removeAttribute("src");
  $("preview-caption").hidden = true;
  $("preview-empty").hidden = false;
  $("preview-empty").textContent = "L’aperçu de la première page s’affichera ici une fois le document produit.";
  setStatus("generate-status", "");
}

function b64ToBlob(b64, type) {
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type });
}

async function generate() {
  const c = currentCase();
  const info = kindInfo();
  if (!c) { setStatus("generate-status", "Chargez d’abord un dossier.", "bad"); return; }
  const button = $("generate");
  button.disabled = true;
  resetResult();
  setStatus("generate-status", `Production du document « ${KIND[info.kind] || info.kind} »…`, "busy");
  const body = { case: c, options: state.options[info.kind] || {} };
  const answer = await callJson(`/v1/documents/${encodeURIComponent(info.kind)}`, body);
  button.disabled = false;
  if (!answer.ok) {
    state.generateErrors = answer.problem.errors || [];
    showErrors();
    const n = state.generateErrors.length;
    setStatus("generate-status", n
      ? `Le document n’a pas pu être produit : ${plural(n, "anomalie", "anomalies")} (voir la liste « Contrôle »).`
      : `Le document n’a pas pu être produit. ${problemText(answer.problem)}`, "bad");
    return;
  }
  const doc = answer.data;
  state.generateErrors = [];
  showErrors();
  const blob = b64ToBlob(doc.content_base64, doc.media_type);
  state.downloadUrl = URL.createObjectURL(blob);
  const link = $("download");
  link.href = state.downloadUrl;
  link.download = doc.filename;
  const isPdf = doc.media_type === "application/pdf";
  link.textContent = `Télécharger le ${isPdf ? "PDF" : "DOCX"}`;
  link.hidden = false;
  setStatus("generate-status", `Document prêt${doc.pages ? ` : ${plural(doc.pages, "page", "pages")}` : ""}.`, "ok");
  renderResult(doc);
  link.focus();
  preview(info.kind, body, isPdf ? doc.pages : null, !isPdf);
}

function renderResult(doc) {
  const rows = [];
  const add = (k, v) => { if (v) rows.push(el("div", {}, el("dt", { text: k }), el("dd", { text: v }))); };
  add("Fichier", doc.filename);
  if (doc.pages) add("Pages", String(doc.pages));
  add("Total réclamé", doc.decompte && doc.decompte.totals ? euros(doc.decompte.totals.total_due) : "");
  if (doc.signature) {
    add("Scellement", `${doc.signature.level}${doc.signature.test_certificate ? " — certificat de TEST" : ""}`);
  }
  const p = doc.postage;
  if (p) {
    const service = p.service === "lettre_recommandee" ? `Lettre recommandée ${p.level || ""}${p.avis_de_reception ? " avec AR" : ""}` : (p.service || "").replace(/_/g, " ");
    add("Envoi", service);
    add("Affranchissement", p.price_eur ? `${euros(p.price_eur)}${p.tariff && p.tariff.source === "estimate" ? " (estimation)" : ""}` : "");
    add("Poids", p.weight_g ? `${p.weight_g} g (${p.sheets} feuille${p.sheets > 1 ? "s" : ""}, enveloppe ${p.envelope})` : "");
  }
  add("Modèle", doc.template_version);
  const box = $("result");
  const children = [el("dl", { class: "meta" }, ...rows)];
  if (doc.warnings && doc.warnings.length) {
    children.push(el("p", { class: "warn-line", text: "Avertissements du document :" }),
      el("ul", { class: "doc-warnings" }, ...doc.warnings.map((w) => el("li", { text: w.message_fr || w.code }))));
  }
  box.replaceChildren(...children);
  box.hidden = false;
}

async function preview(kind, body, pages, fromDocx = false) {
  $("preview-empty").textContent = "Aperçu en préparation…";
  const answer = await callJson(`/v1/documents/${encodeURIComponent(kind)}/preview?width=900`, body, { accept: "image/png" });
  if (!answer.ok || !answer.blob) {
    $("preview-empty").textContent = answer.status === 404 ? "Aperçu indisponible sur ce serveur." : "Aperçu indisponible.";
    return;
  }
  if (state.previewUrl) URL.revokeObjectURL(state.previewUrl);
  state.previewUrl = URL.createObjectURL(answer.blob);
  const img = $("preview");
  img.src = state.previewUrl;
  img.hidden = false;
  $("preview-empty").hidden = true;
  const total = pages || Number(answer.resp.headers.get("X-Recouvre-Pages")) || 0;
  $("preview-caption").textContent = (total > 1 ? `Aperçu de la page 1 sur ${total}` : "Aperçu de la page 1")
    + (fromDocx ? " (rendu PDF du même acte)" : "");
  $("preview-caption").hidden = false;
}

// ---------------------------------------------------------------- batch

function updateBatch() {
  const box = $("batch");
  const n = state.cases.length;
  box.hidden = n < 2;
  const info = kindInfo();
  if (n >= 2 && info) {
    $("batch-desc").textContent = `${plural(n, "dossier chargé", "dossiers chargés")} : un document « ${KIND[info.kind] || info.kind} » pour chacun, avec les options ci-dessus, dans une archive ZIP.`;
  }
}

async function runBatch() {
  const info = kindInfo();
  const n = state.cases.length;
  const button = $("batch-run");
  const bar = $("batch-progress");
  const link = $("batch-download");
  if (state.batchUrl) URL.revokeObjectURL(state.batchUrl);
  link.hidden = true;
  $("batch-items").replaceChildren();
  button.disabled = true;
  bar.max = n;
  bar.value = 0;
  setStatus("batch-status", `Production de ${plural(n, "document", "documents")}…`, "busy");
  const items = state.cases.map((c, i) => ({
    id: String(c.reference || `dossier-${i + 1}`).slice(0, 60), kind: info.kind, case: c, options: state.options[info.kind] || {},
  }));
  let resp;
  try {
    resp = await fetch("/v1/batch", { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/zip" }, body: JSON.stringify({ items }) });
  } catch (err) {
    button.disabled = false;
    setStatus("batch-status", `Le service ne répond pas (${err.message}).`, "bad");
    return;
  }
  if (!resp.ok) {
    const answer = await readAnswer(resp);
    button.disabled = false;
    setStatus("batch-status", `Le lot a été refusé. ${problemText(answer.problem)}`, "bad");
    return;
  }
  const reader = resp.body.getReader();
  const counter = new EntryCounter();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    counter.push(value);
    bar.value = Math.min(counter.count, n);
    setStatus("batch-status", `${Math.min(counter.count, n)} / ${n} documents produits…`, "busy");
  }
  const bytes = new Uint8Array(size);
  let off = 0;
  for (const c of chunks) { bytes.set(c, off); off += c.length; }
  bar.value = n;
  button.disabled = false;
  let manifest = null;
  try { manifest = await readManifest(bytes); } catch { manifest = null; }
  const blob = new Blob([bytes], { type: "application/zip" });
  state.batchUrl = URL.createObjectURL(blob);
  link.href = state.batchUrl;
  link.download = `recouvre-lot-${info.kind}.zip`;
  link.textContent = `Télécharger le ZIP (${Math.ceil(size / 1024)} Ko)`;
  link.hidden = false;
  if (manifest && Array.isArray(manifest.items)) {
    const ok = manifest.items.filter((i) => i.status === "ok").length;
    const failed = manifest.items.length - ok;
    setStatus("batch-status", `Lot terminé : ${plural(ok, "document produit", "documents produits")}${failed ? `, ${plural(failed, "dossier en erreur", "dossiers en erreur")}` : ""}.`, failed ? "bad" : "ok");
    $("batch-items").replaceChildren(...manifest.items.map((it) => {
      const first = it.problem && it.problem.errors && it.problem.errors[0];
      const why = it.status === "ok" ? it.filename || it.file
        : first ? `${pathLabel(first.path)} : ${first.message_fr}` : (it.problem && (it.problem.title_fr || it.problem.title)) || "erreur";
      return el("li", { class: it.status === "ok" ? "ok" : "bad", text: `${it.id || ""} — ${it.status === "ok" ? "produit" : "erreur"} : ${why}` });
    }));
  } else {
    setStatus("batch-status", "Lot terminé.", "ok");
  }
  link.focus();
}

// ---------------------------------------------------------------- start

async function start() {
  let spec = null;
  let kinds = [];
  try {
    const [s, k] = await Promise.all([fetch("/openapi.json").then((r) => r.json()), fetch("/v1/kinds").then((r) => r.json())]);
    spec = s;
    kinds = k.kinds || [];
  } catch (err) {
    setStatus("load-status", `Le service ne répond pas : la page ne peut pas démarrer (${err.message}).`, "bad");
    return;
  }
  state.components = (spec.components && spec.components.schemas) || {};
  state.kinds = kinds;
  const select = $("kind");
  for (const k of kinds) select.append(el("option", { value: k.kind, text: KIND[k.kind] || k.description || k.kind }));
  if (kinds.some((k) => k.kind === "mise_en_demeure")) select.value = "mise_en_demeure";
  caseForm = new SchemaForm(state.components, {
    prefix: "case", root: { $ref: "#/components/schemas/Case" },
    onChange: onCaseChange, onShape: () => { showErrors(); },
  });
  showOptions();

  $("case-file").addEventListener("change", (e) => { const f = e.target.files[0]; if (f) loadCaseFile(f); e.target.value = ""; });
  $("invoice-files").addEventListener("change", (e) => { const files = [...e.target.files]; if (files.length) importInvoices(files); e.target.value = ""; });
  $("new-case").addEventListener("click", () => loadCases([emptyCase()], "Nouveau dossier : complétez le formulaire ci-dessous."));
  $("case-select").addEventListener("change", (e) => { state.current = Number(e.target.value); showCase(); });
  $("kind").addEventListener("change", () => { showOptions(); state.generateErrors = []; scheduleCheck(0); });
  $("generate").addEventListener("click", generate);
  $("batch-run").addEventListener("click", runBatch);
  $("apply-json").addEventListener("click", () => {
    try {
      const json = JSON.parse($("case-json").value);
      const cases = casesFrom(json);
      if (!cases.length) throw new Error("aucun dossier");
      state.cases[state.current] = cases[0];
      showCase();
      setStatus("json-status", "JSON appliqué au formulaire.", "ok");
    } catch (err) {
      setStatus("json-status", `JSON invalide : ${err.message}`, "bad");
    }
  });
  $("save-json").addEventListener("click", () => {
    const c = currentCase();
    if (!c) return;
    const url = URL.createObjectURL(new Blob([JSON.stringify(c, null, 2) + "\n"], { type: "application/json" }));
    const a = el("a", { href: url, download: `${c.reference || "dossier"}.json` });
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  });
  $("case-json").closest("details").addEventListener("toggle", () => refreshJson(true));
  setupDrop($("drop-case"), routeFiles);
  setupDrop($("drop-invoices"), routeFiles);
  document.body.dataset.ready = "true";
}

start();
