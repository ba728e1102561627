import { readFileSync } from "node:fs";
import { parse as parseYaml, YAMLParseError } from "yaml";
import type { z } from "zod";
import { ConfigError } from "./config-error.js";
import { didYouMean } from "./did-you-mean.js";

/**
 * The GATEWAY_CONFIG file: read and parsed (JSON by extension, else YAML), and every way it can
 * be wrong turned into a one-line ConfigError naming the file, the key path (or line and column)
 * and what is expected. Values are never echoed, except a syntax error's line with any
 * credential-looking value masked.
 */

type Path = ReadonlyArray<PropertyKey>;

/** The keys an object at `path` may hold, for "did you mean" (empty when the position takes any key). */
export type KnownKeys = (path: Path) => readonly string[];

/** The file's content; `sections` (its allowed top-level keys) make the "empty" message say what belongs there. */
export function readConfigFile(path: string, sections: readonly string[]): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError("GATEWAY_CONFIG", `cannot read ${path}: ${(error as Error).message.split("\n")[0]}`);
  }
  const raw = /\.json$/i.test(path) ? parseJson(path, text) : parseYamlText(path, text);
  // An empty file (or one of comments only) configures nothing: most likely the wrong file.
  if (raw === null || raw === undefined) throw new ConfigError(at(path), `is empty; expected connections under ${sections.join(", ")}`);
  const proto = protoKeyPath(raw, []);
  if (proto) throw new ConfigError(at(path, proto), "is not a usable name (schema checks skip it, so it would be silently dropped)");
  return raw;
}

/** Where the parsed file has a `__proto__` key (JSON and YAML make it an own key; zod would drop it unseen). */
function protoKeyPath(value: unknown, path: string[]): string[] | null {
  if (value === null || typeof value !== "object") return null;
  for (const key of Object.keys(value)) {
    if (key === "__proto__") return [...path, key];
    const found = protoKeyPath((value as Record<string, unknown>)[key], [...path, key]);
    if (found) return found;
  }
  return null;
}

/** The most useful of zod's issues as one ConfigError: an unknown key first, since a typo also makes its key "missing". */
export function configFileError(path: string, raw: unknown, issues: readonly z.core.$ZodIssue[], known: KnownKeys): ConfigError {
  const issue = issues.find((i) => i.code === "unrecognized_keys") ?? issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    const candidates = known(issue.path);
    const guess = didYouMean(key, candidates);
    const hint = guess ? `did you mean "${guess}"?` : candidates.length > 0 ? `expected one of ${candidates.join(", ")}` : "";
    return new ConfigError(at(path, [...issue.path, key]), `unknown key${hint ? `; ${hint}` : ""}`);
  }
  if (issue.code === "invalid_key") return new ConfigError(at(path, issue.path), issue.issues[0]?.message ?? issue.message);
  if (issue.code === "invalid_type") return new ConfigError(at(path, issue.path), typeProblem(issue, valueAt(raw, issue.path), known));
  return new ConfigError(at(path, issue.path), issue.message);
}

function typeProblem(issue: z.core.$ZodIssueInvalidType, value: unknown, known: KnownKeys): string {
  const custom = !issue.message.startsWith("Invalid input");
  if (value === undefined) return custom ? issue.message : "is required";
  const top = issue.path.length === 0 ? ` with ${known([]).join(", ")}` : "";
  const expected = custom ? issue.message : `must be ${EXPECTED[issue.expected] ?? issue.expected}${top}`;
  const problem = `${expected} (got ${kindOf(value)})`;
  // `<vendor>: { baseUrl: … }`: settings straight under the vendor, where a connection name belongs.
  const [section, key] = issue.path;
  if (issue.path.length === 2 && known([section!, "default"]).includes(String(key))) {
    return `${problem}; settings go under a connection name, e.g. ${String(section)}.default.${String(key)}`;
  }
  return problem;
}

const EXPECTED: Record<string, string> = {
  object: "a mapping",
  record: "a mapping",
  string: "text",
  number: "a number",
  boolean: "true or false",
  array: "a list",
};

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return "text";
  return `a ${typeof value}`;
}

function valueAt(raw: unknown, path: Path): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** `GATEWAY_CONFIG file <path>, key a.b.c` (keys that are not plain names quoted). */
function at(path: string, keys: Path = []): string {
  const shown = keys.map((k) => (typeof k === "string" && /^[A-Za-z_][\w-]*$/.test(k) ? k : JSON.stringify(String(k))));
  return `GATEWAY_CONFIG file ${path}${shown.length > 0 ? `, key ${shown.join(".")}` : ""}`;
}

function parseYamlText(path: string, text: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const { line, col } = error.linePos?.[0] ?? { line: 1, col: 1 };
    // yaml appends " at line L, column C:" and a code excerpt on further lines: keep the sentence.
    const message = error.message.replace(/ at line \d+, column \d+:[\s\S]*$/, "").split("\n")[0]!;
    throw syntaxError(path, text, line, col, message);
  }
}

function parseJson(path: string, text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = (error as Error).message;
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
    const before = text.slice(0, position).split("\n");
    throw syntaxError(path, text, before.length, before.at(-1)!.length + 1, message.replace(/ in JSON\b[\s\S]*$/, ""));
  }
}

function syntaxError(path: string, text: string, line: number, column: number, message: string): ConfigError {
  const lines = text.split(/\r?\n/);
  // At the end of the file (an unclosed quote or bracket) point at the end of the last line with text.
  while (line > 1 && !lines[line - 1]?.trim()) {
    line--;
    column = (lines[line - 1]?.length ?? 0) + 1;
  }
  const source = maskCredential(lines[line - 1] ?? "").trim();
  const shown = source.length > 120 ? `${source.slice(0, 117)}...` : source;
  return new ConfigError(`${at(path)}, line ${line}, column ${column}`, `${message}${shown ? ` in '${shown}'` : ""}`);
}

/** The offending line is echoed to help find it, but a credential on it must not reach a terminal or a log. */
function maskCredential(line: string): string {
  return line.replace(/((?:token|authori[sz]ation|secret|password|ticket|key)["']?\s*:\s*).+$/i, "$1…");
}
