// French number and date formatting, on the API's decimal strings (never through floats).

const NNBSP = "\u202f"; // narrow no-break space: thousands separator and before « % »
const NBSP = "\u00a0"; // no-break space before « € »

const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
  "septembre", "octobre", "novembre", "décembre"];

function group(digits) {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
}

// "4834.72" -> "4 834,72 €" (narrow no-break space in thousands, no-break space before €)
export function euros(value) {
  if (value === null || value === undefined || value === "") return "";
  const text = String(value).trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return text;
  const cents = ((m[3] || "") + "00").slice(0, 2);
  return `${m[1] ? "−" : ""}${group(m[2])},${cents}${NBSP}€`;
}

// "0.1215" -> "12,15 %"
export function percent(value) {
  if (value === null || value === undefined || value === "") return "";
  const m = /^(\d+)(?:\.(\d+))?$/.exec(String(value).trim());
  if (!m) return String(value);
  const frac = (m[2] || "").padEnd(4, "0");
  const intPart = (m[1] + frac.slice(0, 2)).replace(/^0+(?=\d)/, "");
  const decimals = frac.slice(2).replace(/0+$/, "").padEnd(2, "0");
  return `${intPart},${decimals}${NNBSP}%`;
}

// "2026-06-04" -> "04/06/2026"
export function shortDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso || "";
}

// "2026-11-20" -> "20 novembre 2026", no-break spaces (« 1er » for the first day)
export function longDate(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!m) return iso || "";
  const day = Number(m[3]);
  return `${day === 1 ? "1er" : day}${NBSP}${MONTHS[Number(m[2]) - 1]}${NBSP}${m[1]}`;
}

// What a person types as an amount ("4 800,5") -> the contract's "4800.50"; else unchanged
export function normaliseAmount(text) {
  const t = String(text).replace(/[\s\u00a0\u202f€]/g, "").replace(",", ".");
  if (/^\d+(\.\d{1,2})?$/.test(t)) {
    const [i, f = ""] = t.split(".");
    return `${i.replace(/^0+(?=\d)/, "")}.${(f + "00").slice(0, 2)}`;
  }
  return String(text).trim();
}

export function plural(n, one, many) {
  return `${n}${NBSP}${n > 1 ? many : one}`;
}
