import type { z } from "zod";

/**
 * A faster way to apply a wire schema whose output is its input: loose objects (which keep the
 * fields they do not name) and plain values, with no transform, default, catch or coercion.
 * zod builds a new object for every object it parses: for a loose object a copy of every field
 * (a contact record can be 5 KB of JSON), for a strip object a copy of the fields it names. The
 * check derived here walks the same fields and allocates nothing, so the parsed JSON is kept as
 * it came (key order included). Leaves with checks of their own (int, lengths, patterns) are
 * still zod's to judge, and for any other schema `checkerOf` answers null and the caller parses.
 */
export type WireCheck = (value: unknown) => boolean;

type Def = { type: string; checks?: Array<{ _zod: { def: { check: string } } }>; [key: string]: unknown };

const checks = new WeakMap<z.ZodType, WireCheck | null>();

/** A test that accepts exactly what `schema` accepts, for values `schema` would return unchanged; null when that cannot be said. */
export function checkerOf(schema: z.ZodType): WireCheck | null {
  let check = checks.get(schema);
  if (check === undefined) {
    check = derive(schema);
    checks.set(schema, check);
  }
  return check;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function derive(schema: z.ZodType): WireCheck | null {
  const def = defOf(schema);
  // Checks that rewrite the value (trim, toLowerCase…) make the output differ from the input.
  if (def.checks?.some((check) => check._zod.def.check === "overwrite")) return null;
  if (def.coerce) return null;
  // A value with checks of its own: zod judges it (a primitive's parse copies nothing).
  const byZod: WireCheck = (value) => schema.safeParse(value).success;
  const checked = (def.checks?.length ?? 0) > 0;
  switch (def.type) {
    // As zod 4 tests them.
    case "string":
      return checked ? byZod : (value) => typeof value === "string";
    case "number":
      return checked ? byZod : (value) => typeof value === "number" && Number.isFinite(value);
    case "boolean":
      return checked ? byZod : (value) => typeof value === "boolean";
    case "null":
      return (value) => value === null;
    case "unknown":
    case "any":
      return () => true;
    case "undefined":
    case "bigint":
    case "literal":
    case "enum":
      return byZod;
    case "object": {
      const catchall = def.catchall as z.ZodType | undefined;
      // Strip objects drop unknown fields (output ≠ input); object-level refinements would see fewer fields.
      if (catchall === undefined || defOf(catchall).type !== "unknown" || checked) return null;
      const fields: Array<[string, WireCheck]> = [];
      for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const check = derive(field);
        if (!check) return null;
        fields.push([key, check]);
      }
      return (value) => isRecord(value) && fields.every(([key, check]) => check(value[key]));
    }
    case "array": {
      const element = derive(def.element as z.ZodType);
      if (!element) return null;
      return checked ? byZod : (value) => Array.isArray(value) && value.every(element);
    }
    case "optional":
    case "nullable": {
      const inner = derive(def.innerType as z.ZodType);
      const empty = def.type === "optional" ? undefined : null;
      return inner && ((value) => value === empty || inner(value));
    }
    case "union": {
      const options = (def.options as z.ZodType[]).map(derive);
      if (options.some((o) => o === null)) return null;
      return (value) => options.some((option) => option!(value));
    }
    default:
      return null;
  }
}
