import { z } from "zod";

/**
 * A faster way to apply a wire schema whose output is its input: loose objects (which keep the
 * fields they do not name) and plain values, with no transform, default, catch or coercion. A
 * loose object copies every field it does not know into a new object, for every vendor record
 * (a contact record can be 5 KB of JSON); the same schema with its objects in strip mode checks
 * exactly the same fields, copies only the few it names, and the parsed JSON is then kept as it
 * came (key order included). For any other schema `checkerOf` answers null and the caller parses.
 */

type Def = { type: string; checks?: Array<{ _zod: { def: { check: string } } }>; [key: string]: unknown };

const checkers = new WeakMap<z.ZodType, z.ZodType | null>();

/** A schema that accepts exactly what `schema` accepts, for values `schema` would return unchanged; null when that cannot be said. */
export function checkerOf(schema: z.ZodType): z.ZodType | null {
  let checker = checkers.get(schema);
  if (checker === undefined) {
    checker = derive(schema);
    checkers.set(schema, checker);
  }
  return checker;
}

/** The strip-mode twin of an identity-output schema, or null. */
function derive(schema: z.ZodType): z.ZodType | null {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  // Checks that rewrite the value (trim, toLowerCase…) make the output differ from the input.
  if (def.checks?.some((check) => check._zod.def.check === "overwrite")) return null;
  switch (def.type) {
    case "string":
    case "number":
    case "boolean":
    case "bigint":
      return def.coerce ? null : schema;
    case "null":
    case "undefined":
    case "unknown":
    case "any":
    case "literal":
    case "enum":
      return schema;
    case "object": {
      const catchall = def.catchall as z.ZodType | undefined;
      // Strip objects drop unknown fields (output ≠ input); object-level refinements would see fewer fields.
      const loose = catchall !== undefined && (catchall as unknown as { _zod: { def: Def } })._zod.def.type === "unknown";
      if (!loose || def.checks?.length) return null;
      const shape: Record<string, z.ZodType> = {};
      for (const [key, field] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const checked = derive(field);
        if (!checked) return null;
        shape[key] = checked;
      }
      return z.object(shape);
    }
    case "array": {
      const element = derive(def.element as z.ZodType);
      return element && schema.clone({ ...def, element } as never);
    }
    case "optional":
    case "nullable": {
      const inner = derive(def.innerType as z.ZodType);
      return inner && schema.clone({ ...def, innerType: inner } as never);
    }
    case "union": {
      const options = (def.options as z.ZodType[]).map(derive);
      return options.every((o) => o !== null) ? schema.clone({ ...def, options } as never) : null;
    }
    default:
      return null;
  }
}
