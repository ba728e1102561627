/**
 * The vendor's DTO validation (NestJS ValidationPipe with whitelist + forbidNonWhitelisted):
 * every violated constraint is listed, unknown properties included.
 */

export interface DtoShape {
  /** Required non-empty strings. */
  strings?: string[];
  /** Required numbers (query strings holding numbers) with their minimum. */
  numbers?: Record<string, number>;
  /** Optional properties that may appear (any value). */
  optional?: string[];
}

export function dtoViolations(input: Record<string, unknown>, shape: DtoShape): string[] {
  const messages: string[] = [];
  const known = new Set([...(shape.strings ?? []), ...Object.keys(shape.numbers ?? {}), ...(shape.optional ?? [])]);
  for (const name of Object.keys(input)) {
    if (!known.has(name)) messages.push(`property ${name} should not exist`);
  }
  for (const name of shape.strings ?? []) {
    const value = input[name];
    if (typeof value !== "string") messages.push(`${name} must be a string`);
    if (value === undefined || value === null || value === "") messages.push(`${name} should not be empty`);
  }
  for (const [name, min] of Object.entries(shape.numbers ?? {})) {
    const raw = input[name];
    const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : typeof raw === "number" ? raw : NaN;
    if (!Number.isFinite(value)) messages.push(`${name} must be a number conforming to the specified constraints`);
    else if (value < min) messages.push(`${name} must not be less than ${min}`);
  }
  return messages;
}

/** Query parameters as the DTO sees them: one value per name, repeated names as arrays. */
export function queryObject(query: URLSearchParams): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of new Set(query.keys())) {
    const values = query.getAll(name);
    out[name] = values.length === 1 ? values[0] : values;
  }
  return out;
}
