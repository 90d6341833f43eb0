// A form generated from a JSON Schema (the OpenAPI components of the service). The JSON value
// is the source of truth: every input writes into it at its path, and the form is rebuilt from
// it whenever its shape changes (a case loaded, an item added or removed).

import { enumLabel, fieldLabel, HINT, OPTION_CHOICES } from "./labels.js";
import { normaliseAmount } from "./fmt.js";

const AMOUNT_PATTERN = "^\\d+(\\.\\d{1,2})?$";
const SINGULAR = {
  invoices: "Facture", payments: "Paiement", reminders: "Relance", evidence: "Pièce",
  rates: "Taux", instalments: "Échéance", items: "Élément",
};
// Reading order of some objects (the schema's order follows; unknown fields come last).
const ORDER = {
  Party: ["type", "name", "civility", "first_name", "last_name", "activity", "legal_form",
    "share_capital", "siren", "siret", "rcs_city", "vat_number", "birth_date", "birth_place",
    "nationality", "profession", "email", "phone"],
  Case: ["reference", "as_of", "grace_period_days", "creditor", "debtor", "invoices", "payments",
    "reminders", "terms", "dispute", "signatory", "issuer", "lawyer", "court", "hearing", "evidence"],
};
// Party fields shown for one type only (still shown, whatever the type, when they hold a value)
const ONLY_FOR = {
  company: ["legal_form", "share_capital", "siren", "siret", "rcs_city", "vat_number"],
  individual: ["civility", "first_name", "last_name", "birth_date", "birth_place", "nationality",
    "profession"],
};
const ADD_LABEL = {
  invoices: "Ajouter une facture", payments: "Ajouter un paiement",
  reminders: "Ajouter une relance", evidence: "Ajouter une pièce", rates: "Ajouter un taux",
  instalments: "Ajouter une échéance",
};

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

export function pathString(parts) {
  let out = "";
  for (const p of parts) out += typeof p === "number" ? `[${p}]` : (out ? "." : "") + p;
  return out;
}

export function idFor(path) {
  return "f-" + path.replace(/[^A-Za-z0-9]+/g, "-").replace(/-+$/, "");
}

export function getAt(root, parts) {
  let cur = root;
  for (const p of parts) {
    if (cur === null || cur === undefined) return undefined;
    cur = cur[p];
  }
  return cur;
}

export function setAt(root, parts, value) {
  let cur = root;
  for (let i = 0; i < parts.length - 1; i++) {
    const p = parts[i];
    if (cur[p] === null || typeof cur[p] !== "object") {
      cur[p] = typeof parts[i + 1] === "number" ? [] : {};
    }
    cur = cur[p];
  }
  const last = parts[parts.length - 1];
  if (value === undefined) {
    if (Array.isArray(cur)) cur[last] = undefined;
    else delete cur[last];
  } else cur[last] = value;
}

export class SchemaForm {
  // components: the OpenAPI components.schemas; prefix: "case" or "options"
  constructor(components, { prefix, onChange, onShape, root, rootDef = null, defaults = {} }) {
    this.components = components;
    this.prefix = prefix;
    this.onChange = onChange || (() => {});
    this.onShape = onShape || (() => {});
    this.rootSchema = root;
    this.rootDef = rootDef;
    this.defaults = defaults; // defaults the schema does not say (a kind's draft default)
    this.flat = prefix === "options"; // options: nested objects shown as plain sub-fieldsets
    this.value = {};
    this.container = null;
  }

  // {$ref} / anyOf [X, null] / allOf -> {schema, def, nullable}
  resolve(schema, def = null) {
    let nullable = false;
    let guard = 0;
    while (schema && guard++ < 20) {
      if (schema.$ref) {
        def = schema.$ref.split("/").pop();
        schema = this.components[def] || {};
        continue;
      }
      const alts = schema.anyOf || schema.oneOf;
      if (alts) {
        const real = alts.filter((s) => s.type !== "null");
        nullable = nullable || real.length < alts.length;
        if (real.length === 1) { schema = { ...schema, anyOf: undefined, oneOf: undefined, ...real[0] }; delete schema.anyOf; delete schema.oneOf; continue; }
      }
      if (schema.allOf) {
        const merged = { type: "object", properties: {}, required: [] };
        for (const part of schema.allOf) {
          const r = this.resolve(part).schema;
          Object.assign(merged.properties, r.properties || {});
          merged.required.push(...(r.required || []));
        }
        schema = { ...schema, ...merged, allOf: undefined };
        delete schema.allOf;
        continue;
      }
      break;
    }
    let type = schema.type;
    if (Array.isArray(type)) {
      nullable = nullable || type.includes("null");
      type = type.find((t) => t !== "null");
    }
    if (!type && schema.properties) type = "object";
    return { schema, def, nullable, type };
  }

  render(container, value) {
    this.container = container;
    this.value = value;
    container.replaceChildren(...this.renderTop());
  }

  rerender() {
    const focused = document.activeElement && document.activeElement.id;
    this.render(this.container, this.value);
    this.onShape();
    if (focused) document.getElementById(focused)?.focus();
  }

  renderTop() {
    const { schema, def } = this.resolve(this.rootSchema, this.rootDef);
    return this.objectChildren(schema, def, [], !this.flat);
  }

  // The fields of an object: scalars first in a grid, then objects and arrays as sections.
  objectChildren(schema, def, parts, top = false, only = null) {
    const props = schema.properties || {};
    const required = new Set(schema.required || []);
    const value = getAt(this.value, parts) || {};
    let keys = only ? only.filter((k) => k in props) : Object.keys(props);
    // a party (creditor, debtor): any object whose type is company | individual
    const isParty = Boolean(props.type && (this.resolve(props.type).schema.enum || []).includes("individual"));
    const order = ORDER[def] || (isParty ? ORDER.Party : null);
    if (order) {
      const rank = (k) => { const i = order.indexOf(k); return i < 0 ? order.length : i; };
      keys = [...keys].sort((a, b) => rank(a) - rank(b));
    }
    if (isParty) {
      const other = value.type === "individual" ? "company" : value.type === "company" ? "individual" : null;
      const hidden = new Set(other ? ONLY_FOR[other] : []);
      if (parts[0] !== "creditor") hidden.add("bank");
      keys = keys.filter((k) => !hidden.has(k) || (value[k] !== undefined && value[k] !== null && value[k] !== ""));
    }
    const scalars = el("div", { class: "grid" });
    const blocks = [];
    for (const key of keys) {
      const r = this.resolve(props[key], null);
      const childParts = [...parts, key];
      if (r.type === "object" && !r.schema.properties) scalars.append(this.jsonLeaf(key, def, childParts, value[key]));
      else if (r.type === "object") blocks.push(this.objectBlock(key, r, def, childParts, required.has(key) || this.flat, top));
      else if (r.type === "array") blocks.push(this.arrayBlock(key, r, def, childParts, top));
      else scalars.append(this.leaf(key, r, def, childParts, required.has(key), value[key]));
    }
    const out = [];
    if (scalars.childElementCount) {
      if (top) {
        const general = el("fieldset", { class: "group", "data-path": this.prefix },
          el("legend", { text: this.prefix === "case" ? "Dossier" : "Options" }), scalars);
        out.push(general);
      } else out.push(scalars);
    }
    out.push(...blocks);
    return out;
  }

  objectBlock(key, r, parentDef, parts, required, top) {
    const path = pathString([this.prefix, ...parts]);
    const label = fieldLabel(key, parentDef);
    const present = getAt(this.value, parts);
    const optional = !this.flat && (!required || r.nullable);
    const box = el(top ? "details" : "fieldset", {
      class: top ? "group" : "sub", "data-path": path, id: idFor(path) + "-box",
    });
    const head = top ? el("summary", {}, el("span", { class: "summary-text", text: label }))
      : el("legend", { text: label });
    box.append(head, el("p", { class: "field-error", id: idFor(path) + "-err", hidden: true }));
    if (top && (present || !optional)) box.open = true;
    if (optional && (present === undefined || present === null)) {
      box.append(el("button", {
        type: "button", class: "add", "data-testid": `add-${path}`,
        text: `Renseigner : ${label.toLowerCase()}`,
        onclick: () => {
          setAt(this.value, parts, {});
          this.rerender();
          this.onChange(path);
          document.getElementById(idFor(path) + "-box")?.querySelector("input,select,textarea")?.focus();
        },
      }));
      return box;
    }
    const body = el("div", { class: "body" }, ...this.objectChildren(r.schema, r.def, parts));
    box.append(body);
    if (optional) {
      box.append(el("button", {
        type: "button", class: "remove", text: `Retirer : ${label.toLowerCase()}`,
        onclick: () => { setAt(this.value, parts, undefined); this.rerender(); this.onChange(path); },
      }));
    }
    return box;
  }

  arrayBlock(key, r, parentDef, parts, top) {
    const path = pathString([this.prefix, ...parts]);
    const label = fieldLabel(key, parentDef);
    const items = this.resolve(r.schema.items || {});
    const list = getAt(this.value, parts);
    const arr = Array.isArray(list) ? list : [];
    const box = el(top ? "details" : "fieldset", {
      class: top ? "group" : "sub", "data-path": path, id: idFor(path) + "-box",
    });
    const count = arr.length ? ` (${arr.length})` : "";
    box.append(top ? el("summary", {}, el("span", { class: "summary-text", text: label + count }))
      : el("legend", { text: label + count }));
    box.append(el("p", { class: "field-error", id: idFor(path) + "-err", hidden: true }));
    if (top && arr.length) box.open = true;
    if (items.type !== "object") {
      // a list of plain values: one per line
      const id = idFor(path);
      const area = el("textarea", { id, "data-path": path, rows: 3, "aria-describedby": `${id}-hint ${id}-err` });
      area.value = arr.join("\n");
      area.addEventListener("change", () => {
        const lines = area.value.split("\n").map((s) => s.trim()).filter(Boolean);
        setAt(this.value, parts, lines.length ? lines : undefined);
        this.onChange(path);
      });
      box.append(el("div", { class: "field" }, el("label", { for: id, text: label }), area,
        el("p", { class: "hint", id: `${id}-hint`, text: "Une valeur par ligne." })));
      return box;
    }
    const singular = SINGULAR[key] || "Élément";
    arr.forEach((_, i) => {
      const itemParts = [...parts, i];
      const itemPath = pathString([this.prefix, ...itemParts]);
      const item = el("fieldset", { class: "item", "data-path": itemPath, id: idFor(itemPath) + "-box" },
        el("legend", { text: `${singular} ${i + 1}` }),
        el("p", { class: "field-error", id: idFor(itemPath) + "-err", hidden: true }),
        ...this.objectChildren(items.schema, items.def, itemParts),
        el("button", {
          type: "button", class: "remove", "data-testid": `remove-${itemPath}`,
          text: `Supprimer : ${singular.toLowerCase()} ${i + 1}`,
          onclick: () => {
            arr.splice(i, 1);
            if (!arr.length) setAt(this.value, parts, []);
            this.rerender();
            this.onChange(path);
            document.getElementById(`add-${idFor(path)}`)?.focus();
          },
        }));
      box.append(item);
    });
    box.append(el("button", {
      type: "button", class: "add", id: `add-${idFor(path)}`, "data-testid": `add-${path}`,
      text: ADD_LABEL[key] || `Ajouter : ${label.toLowerCase()}`,
      onclick: () => {
        const target = Array.isArray(getAt(this.value, parts)) ? getAt(this.value, parts) : [];
        target.push({});
        setAt(this.value, parts, target);
        this.rerender();
        this.onChange(path);
        const newPath = pathString([this.prefix, ...parts, target.length - 1]);
        const box2 = document.getElementById(idFor(newPath) + "-box");
        box2?.closest("details")?.setAttribute("open", "");
        box2?.querySelector("input,select,textarea")?.focus();
      },
    }));
    return box;
  }

  // A value the form cannot break down (several alternative shapes, a free object): JSON text
  jsonLeaf(key, def, parts, current) {
    const path = pathString([this.prefix, ...parts]);
    const id = idFor(path);
    const area = el("textarea", { id, "data-path": path, rows: 3, spellcheck: "false", "aria-describedby": `${id}-hint ${id}-err` });
    area.value = current === undefined || current === null ? "" : JSON.stringify(current, null, 1);
    area.addEventListener("input", () => {
      const text = area.value.trim();
      if (!text) { setAt(this.value, parts, undefined); this.onChange(path); return; }
      try { setAt(this.value, parts, JSON.parse(text)); } catch { setAt(this.value, parts, text); }
      this.onChange(path);
    });
    return el("div", { class: "field wide" }, el("label", { for: id, text: fieldLabel(key, def) }), area,
      el("p", { class: "hint", id: `${id}-hint`, text: "Valeur au format JSON." }),
      el("p", { class: "field-error", id: `${id}-err`, hidden: true }));
  }

  leaf(key, r, def, parts, required, current) {
    if (!r.type && !r.schema.enum) return this.jsonLeaf(key, def, parts, current);
    const path = pathString([this.prefix, ...parts]);
    const id = idFor(path);
    const label = fieldLabel(key, def) + (required && !r.nullable ? " *" : "");
    const s = r.schema;
    const hintId = `${id}-hint`;
    const errId = `${id}-err`;
    const describedBy = `${hintId} ${errId}`;
    const wrap = el("div", { class: "field" });
    const commit = (value) => { setAt(this.value, parts, value); this.onChange(path); };
    let input;
    let hint = "";
    const choices = s.enum || (OPTION_CHOICES[key] && this.prefix === "options" ? OPTION_CHOICES[key].map((c) => c[0]) : null);
    if (choices) {
      input = el("select", { id, "data-path": path, "aria-describedby": describedBy });
      const labels = this.prefix === "options" && OPTION_CHOICES[key] ? Object.fromEntries(OPTION_CHOICES[key]) : null;
      const hasDefault = s.default !== undefined && choices.includes(s.default);
      // nothing chosen: an option falls back to the kind's default; a case field stays empty
      const none = (required && !r.nullable) || labels ? "— choisir —" : this.prefix === "options" ? "Par défaut" : "—";
      if (!hasDefault) input.append(el("option", { value: "", text: none }));
      for (const v of choices) {
        const text = labels && labels[v] !== undefined ? labels[v] : enumLabel(v);
        input.append(el("option", { value: String(v), text: hasDefault && v === s.default ? `${text} (par défaut)` : text }));
      }
      input.value = current === undefined || current === null ? (hasDefault ? String(s.default) : "") : String(current);
      input.addEventListener("change", () => {
        const raw = input.value;
        commit(raw === "" ? undefined : (r.type === "integer" ? Number(raw) : raw));
        if (key === "type") this.rerender(); // a party's fields depend on its type
      });
    } else if (r.type === "boolean") {
      if (s.default !== undefined && !r.nullable) {
        input = el("input", { type: "checkbox", id, "data-path": path, "aria-describedby": describedBy });
        input.checked = current === undefined ? Boolean(s.default) : Boolean(current);
        input.addEventListener("change", () => commit(input.checked));
        wrap.classList.add("check");
        wrap.append(input, el("label", { for: id, text: label }));
        wrap.append(el("p", { class: "field-error", id: errId, hidden: true }));
        return wrap;
      }
      input = el("select", { id, "data-path": path, "aria-describedby": describedBy });
      const d = this.defaults[key];
      input.append(el("option", { value: "", text: d === true ? "Par défaut (oui)" : d === false ? "Par défaut (non)" : "Par défaut" }),
        el("option", { value: "true", text: "Oui" }), el("option", { value: "false", text: "Non" }));
      input.value = current === true ? "true" : current === false ? "false" : "";
      input.addEventListener("change", () => commit(input.value === "" ? undefined : input.value === "true"));
    } else if (key === "content_base64") {
      input = el("input", { type: "file", id, "data-path": path, "aria-describedby": describedBy,
        accept: ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" });
      hint = current ? `Fichier joint (${Math.round((String(current).length * 3) / 4 / 1024)} Ko).` : "PDF, JPEG ou PNG.";
      input.addEventListener("change", async () => {
        const file = input.files[0];
        if (!file) return;
        const b64 = await fileBase64(file);
        setAt(this.value, parts, b64);
        const typeParts = [...parts.slice(0, -1), "media_type"];
        if (["application/pdf", "image/jpeg", "image/png"].includes(file.type)) setAt(this.value, typeParts, file.type);
        if (!getAt(this.value, [...parts.slice(0, -1), "title"])) setAt(this.value, [...parts.slice(0, -1), "title"], file.name.replace(/\.[^.]+$/, ""));
        this.rerender();
        this.onChange(path);
      });
    } else if (r.type === "string" && (s.maxLength || 0) >= 1000) {
      wrap.classList.add("wide");
      input = el("textarea", { id, "data-path": path, rows: 3, "aria-describedby": describedBy });
      input.value = current ?? "";
      input.addEventListener("input", () => commit(input.value.trim() === "" ? undefined : input.value));
    } else {
      const isDate = s.format === "date";
      const isAmount = s.pattern === AMOUNT_PATTERN;
      const isInt = r.type === "integer" || r.type === "number";
      input = el("input", {
        type: "text", id, "data-path": path, "aria-describedby": describedBy,
        inputmode: isDate || isInt ? "numeric" : isAmount ? "decimal" : undefined,
        placeholder: isDate ? "AAAA-MM-JJ" : isAmount ? "0.00" : undefined,
        autocomplete: "off", spellcheck: key === "description" || key === "summary" ? undefined : "false",
      });
      if (HINT[key]) hint = HINT[key];
      else if (!isDate && s.default !== undefined && key !== "country") hint = `Par défaut : ${s.default}.`;
      input.value = current === undefined || current === null ? "" : String(current);
      const read = (final) => {
        let v = input.value.trim();
        if (v === "") return commit(undefined);
        if (isAmount && final) { v = normaliseAmount(v); input.value = v; }
        if (isInt && /^-?\d+$/.test(v)) return commit(Number(v));
        commit(v);
      };
      input.addEventListener("input", () => read(false));
      input.addEventListener("change", () => read(true));
    }
    wrap.append(el("label", { for: id, text: label }), input);
    wrap.append(el("p", { class: "hint", id: hintId, text: hint, hidden: !hint }));
    wrap.append(el("p", { class: "field-error", id: errId, hidden: true }));
    return wrap;
  }
}

export function fileBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}
