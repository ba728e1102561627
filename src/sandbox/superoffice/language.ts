import { header, type RecordedRequest } from "../http.js";
import type { MultiLanguageText } from "./data.js";

/** The language code a request asks for, or null: then multi-language values stay encoded. */
export type SoLanguage = keyof MultiLanguageText;

// iso2 codes (as clients send them) to the sandbox database's language codes.
const ISO2: ReadonlyMap<string, SoLanguage> = new Map<string, SoLanguage>([["en", "US"], ["us", "US"], ["no", "NO"], ["nb", "NO"], ["nn", "NO"]]);

/**
 * `SO-Language` overrides `Accept-Language` (as the vendor documents). A language the
 * database has no text for falls back to US, the sandbox's base language.
 */
export function requestLanguage(req: RecordedRequest): SoLanguage | null {
  const raw = header(req, "so-language") ?? header(req, "accept-language");
  if (!raw || !raw.trim()) return null;
  const tags = raw
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q) };
    })
    // `*` (fetch's default) names no language, so it leaves values encoded.
    .filter((t) => t.tag && t.tag !== "*" && t.q > 0)
    .sort((a, b) => b.q - a.q);
  if (tags.length === 0) return null;
  for (const { tag } of tags) {
    const code = ISO2.get(tag.split("-")[0] ?? "");
    if (code) return code;
  }
  return "US";
}

/** The text in `language`, or SuperOffice's encoded form `NO:"…";US:"…"` when none was asked for. */
export function localize(text: MultiLanguageText, language: SoLanguage | null): string {
  if (language) return text[language];
  return (Object.keys(text) as SoLanguage[]).map((code) => `${code}:"${text[code]}"`).join(";");
}
