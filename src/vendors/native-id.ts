import { ValidationError } from "../errors.js";

/** Checks shared by the adapters' validate.ts for ids and names that go into vendor URLs. */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A native id or name as text: non-blank, at most `max` characters, no control characters
 * and no lone UTF-16 surrogates (which cannot be percent-encoded into a URL).
 */
export function checkNativeText(value: unknown, field: string[], max = 256): string {
  const name = field.at(-1) ?? "id";
  if (typeof value !== "string" || value.trim() === "") throw new ValidationError(`${name} must not be empty`, field);
  if (value.length > max) throw new ValidationError(`${name} is longer than ${max} characters`, field);
  if (CONTROL.test(value) || LONE_SURROGATE.test(value)) {
    throw new ValidationError(`${name} must not contain control characters or unpaired surrogates`, field);
  }
  return value;
}
