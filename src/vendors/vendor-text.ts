/**
 * The one gate for text that came from a vendor (error messages, rejection texts, excerpts of
 * bad answers) on its way to a response or a log: the connection's secrets and any credential
 * after an auth scheme or a credential's name are removed, IP addresses are masked, an HTML page
 * is reduced to a short plain excerpt, control characters go, and the length is capped.
 */

export const VENDOR_TEXT_MAX = 500;
const HTML_EXCERPT_MAX = 200;
const REDACTED = "[redacted]";

/** A value after an auth scheme (`Bearer x`, `SOTicket x`): looks like a credential (a digit or symbol in it), not a word of prose. */
const SCHEME_VALUE = /\b(bearer|soticket|basic|sharedaccesssignature)(\s+|-)(?=[^\s"',;&]*[\d._~+/=:-])[^\s"',;&]+/gi;
/** A value given to a credential's name (`SO-AppToken: x`, `token=x`, `"password":"x"`). */
const NAMED_VALUE = /\b(so-apptoken|apptoken|app[ _]token|access[_ ]token|token|ticket|password|secret|sig)("?\s*[:=]\s*)("?)[^\s"',;&]+/gi;
/** IPv4 addresses (a vendor's internal hosts mean nothing to a client and tell an attacker much). */
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g;
const HTML = /<\s*(!doctype|html|head|body|title|div|p|h1|h2|pre|table|br)\b/i;

export function redactVendorText(text: string, secrets: readonly string[]): string {
  let out = HTML.test(text) ? htmlExcerpt(text) : text;
  for (const secret of expand(secrets)) out = out.split(secret).join(REDACTED);
  out = out
    .replace(SCHEME_VALUE, (_m, scheme: string, sep: string) => `${scheme}${sep}${REDACTED}`)
    .replace(NAMED_VALUE, (_m, name: string, sep: string, quote: string) => `${name}${sep}${quote}${REDACTED}`)
    .replace(IPV4, "[address]");
  // eslint-disable-next-line no-control-regex
  out = out.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, " ").trim();
  return out.length > VENDOR_TEXT_MAX ? `${out.slice(0, VENDOR_TEXT_MAX - 3)}...` : out;
}

/** Each secret as sent and in the encodings it may be echoed in; longest first so parts never mask a whole. */
function expand(secrets: readonly string[]): string[] {
  const all = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    all.add(secret);
    all.add(encodeURIComponent(secret));
    all.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...all].sort((a, b) => b.length - a.length);
}

function htmlExcerpt(html: string): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const body = html
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]*>/g, " ");
  const text = decodeEntities(`${title ?? ""} ${body}`).replace(/\s+/g, " ").trim();
  const excerpt = text.length > HTML_EXCERPT_MAX ? `${text.slice(0, HTML_EXCERPT_MAX - 3)}...` : text;
  return `HTML page: ${excerpt || "(no text)"}`;
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: " " })[e] ?? " ");
}
