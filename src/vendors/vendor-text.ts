/**
 * The one gate for text that came from a vendor (error messages, rejection texts, excerpts of
 * bad answers) on its way to a response or a log: the connection's secrets (whole, in any case,
 * or any run of 8+ characters of one) and any credential after an auth scheme or a credential's
 * name are removed, IP addresses, internal paths and stack frames are masked, an HTML page is
 * reduced to a short plain excerpt, control characters go, and the length is capped.
 */

export const VENDOR_TEXT_MAX = 500;
const HTML_EXCERPT_MAX = 200;
const REDACTED = "[redacted]";
/** A run this long that matches part of a secret is a (cut-short) echo of it, not chance. */
const MIN_RUN = 8;
/** Secrets shorter than this are too short to tell from ordinary words and are not looked for. */
const MIN_SECRET = 4;

/** A value after an auth scheme (`Bearer x`, `SOTicket x`): looks like a credential (a digit or symbol in it), not a word of prose. */
const SCHEME_VALUE = /\b(bearer|soticket|basic|sharedaccesssignature)(\s+|-)(?=[^\s"',;&]*[\d._~+/=:-])[^\s"',;&]+/gi;
/** A value given to a credential's name (`SO-AppToken: x`, `token=x`, `"password":"x"`). */
const NAMED_VALUE = /\b(so-apptoken|apptoken|app[ _]token|access[_ ]token|token|ticket|password|secret|sig)("?\s*[:=]\s*)("?)[^\s"',;&]+/gi;
/** IPv4 addresses (a vendor's internal hosts mean nothing to a client and tell an attacker much). */
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g;
/**
 * Stack frames: `at Foo.Bar (…)`, `at Foo.Bar(String x)` (.NET, Java) and `at foo (file:12:3)`;
 * "at least (see below)" is prose (no dotted name, no line number).
 */
const FRAME = /\bat\s+(?:async\s+|new\s+)?(?:[\w$<>`[\]]+(?:\.[\w$<>`[\]]+)+\s*\([^()\n]*\)?|[\w$<>.]+\s*\([^()\n]*:\d+[^()\n]*\)?)/g;
/** Paths on the vendor's machines: `C:\…`, `\\host\share\…`, and absolute paths under the usual system roots. */
const WINDOWS_PATH = /(?:\b[A-Za-z]:\\|\\\\[\w.$-]+\\)[^\s"'<>|()]*/g;
const UNIX_PATH = /(?<![\w.:/~-])\/(?:var|srv|home|usr|opt|etc|tmp|app|root|mnt|data|proc|run|lib|bin|sbin|Users|private|workspace)\/[^\s"'<>|()]*/g;
const HTML = /<\s*(!doctype|html|head|body|title|div|p|h1|h2|pre|table|br)\b/i;

export function redactVendorText(text: string, secrets: readonly string[]): string {
  const scrub = scrubberOf(secrets);
  // Secrets go before the page is excerpted (a cut must not leave half of one), and again after its entities are decoded.
  let out = scrub(text);
  if (HTML.test(out)) out = scrub(htmlExcerpt(out));
  out = out
    .replace(SCHEME_VALUE, (_m, scheme: string, sep: string) => `${scheme}${sep}${REDACTED}`)
    .replace(NAMED_VALUE, (_m, name: string, sep: string, quote: string) => `${name}${sep}${quote}${REDACTED}`)
    .replace(FRAME, "[frame]")
    .replace(WINDOWS_PATH, "[path]")
    .replace(UNIX_PATH, "[path]")
    .replace(IPV4, "[address]");
  // eslint-disable-next-line no-control-regex
  out = out.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, " ").trim();
  return out.length > VENDOR_TEXT_MAX ? `${out.slice(0, VENDOR_TEXT_MAX - 3)}...` : out;
}

type Scrubber = (text: string) => string;

/**
 * Reused while the list is the same object (an HttpClient's configured secrets); a request's list
 * with its credential (AuthorizedHttp) is new each time, and costs one pass over its few secrets.
 */
const scrubbers = new WeakMap<readonly string[], Scrubber>();

function scrubberOf(secrets: readonly string[]): Scrubber {
  let scrub = scrubbers.get(secrets);
  if (!scrub) scrubbers.set(secrets, (scrub = scrubberFor(secrets)));
  return scrub;
}

/**
 * Replaces, case-insensitively, every whole secret and every run of MIN_RUN or more characters
 * each of whose MIN_RUN-windows is part of a secret: an upper-cased or cut-short echo goes too.
 * The secrets' windows are a Set, so a text costs one lookup per character whatever the secrets.
 * Windows with a space are left out: they are where a secret meets prose (`Bearer t` of a
 * header value would mask "Bearer token"), and a whole secret is still matched as a whole.
 */
function scrubberFor(secrets: readonly string[]): Scrubber {
  const forms = expand(secrets);
  if (forms.length === 0) return (text) => text;
  const windows = new Set<string>();
  const hashes = new Set<number>();
  for (const form of forms) {
    for (let i = 0; i + MIN_RUN <= form.length; i++) {
      const window = form.slice(i, i + MIN_RUN);
      if (/\s/.test(window)) continue;
      windows.add(window);
      hashes.add(windowHash(window, 0));
    }
  }
  // A rolling hash finds the candidates; only those are sliced and looked up.
  const isWindow = (lower: string, at: number, hash: number) => hashes.has(hash) && windows.has(lower.slice(at, at + MIN_RUN));
  return (text) => {
    const lower = asciiLower(text);
    const spans: Array<[number, number]> = [];
    for (const form of forms) {
      for (let at = lower.indexOf(form); at >= 0; at = lower.indexOf(form, at + 1)) spans.push([at, at + form.length]);
    }
    if (lower.length >= MIN_RUN) {
      let hash = windowHash(lower, 0);
      let start = -1;
      for (let i = 0; ; i++) {
        const hit = isWindow(lower, i, hash);
        if (hit && start < 0) start = i;
        if (!hit && start >= 0) {
          spans.push([start, i - 1 + MIN_RUN]);
          start = -1;
        }
        if (i + MIN_RUN >= lower.length) break;
        hash = rollHash(hash, lower.charCodeAt(i), lower.charCodeAt(i + MIN_RUN));
      }
      if (start >= 0) spans.push([start, lower.length]);
    }
    return spans.length === 0 ? text : replaceSpans(text, spans);
  };
}

const BASE = 31;
/** BASE ** (MIN_RUN - 1), in 32-bit arithmetic like the hashes. */
const TOP = Array.from({ length: MIN_RUN - 1 }).reduce<number>((power) => Math.imul(power, BASE), 1);

/** The hash of the MIN_RUN characters of `text` at `at`. */
function windowHash(text: string, at: number): number {
  let hash = 0;
  for (let i = at; i < at + MIN_RUN; i++) hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) | 0;
  return hash;
}

/** The hash of the next window: `out` leaves at the front, `into` comes in at the end. */
function rollHash(hash: number, out: number, into: number): number {
  return (Math.imul((hash - Math.imul(out, TOP)) | 0, BASE) + into) | 0;
}

/** `text` with each span, merged where they overlap or touch, replaced by one REDACTED. */
function replaceSpans(text: string, spans: Array<[number, number]>): string {
  const merged: Array<[number, number]> = [];
  for (const [start, end] of spans.sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let out = "";
  let from = 0;
  for (const [start, end] of merged) {
    out += text.slice(from, start) + REDACTED;
    from = end;
  }
  return out + text.slice(from);
}

/** Each secret as sent and in the encodings it may be echoed in, lower-cased (ASCII: lengths stay put). */
function expand(secrets: readonly string[]): string[] {
  const all = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET) continue;
    for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]) all.add(asciiLower(form));
  }
  return [...all];
}

/** Lower-cases A-Z only, so every index in the result is the same character's index in `text`. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
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
  return text.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_m, e: string) => ENTITIES.get(e) ?? " ");
}

const ENTITIES: ReadonlyMap<string, string> = new Map([
  ["amp", "&"],
  ["lt", "<"],
  ["gt", ">"],
  ["quot", '"'],
  ["#39", "'"],
  ["nbsp", " "],
]);
