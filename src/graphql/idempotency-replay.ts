import type { NodeEntity, NodeRef } from "../domain/entities.js";
import { decodeId } from "../domain/ids.js";

/**
 * A write's payload over IDEMPOTENCY_MAX_ANSWER_BYTES as the key store keeps it (src/writes/):
 * the payload's own scalar fields (a status, a deleted id) and, for each record it holds (the
 * created relation), that record's global id. A replay reads each record back, so a large
 * `properties` is never held per key; a record the vendor no longer has replays as null.
 */
export interface SlimPayload {
  fields: Array<[string, string | number | boolean | null]>;
  nodes: Array<[string, string]>;
}

export function slimPayload(payload: object): SlimPayload {
  const slim: SlimPayload = { fields: [], nodes: [] };
  for (const [name, value] of Object.entries(payload)) {
    if (isNode(value)) slim.nodes.push([name, value.id]);
    else if (value === null || ["string", "number", "boolean"].includes(typeof value)) slim.fields.push([name, value as string | number | boolean | null]);
  }
  return slim;
}

/** The payload again (a success: no userErrors), its records read through `load`. */
export async function restorePayload(slim: SlimPayload, load: (ref: NodeRef) => Promise<NodeEntity | null>): Promise<Record<string, unknown>> {
  // Names come from the store: a null-prototype object, so none of them can reach Object's own.
  const payload = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of slim.fields) payload[name] = value;
  await Promise.all(
    slim.nodes.map(async ([name, id]) => {
      const ref = decodeId(id);
      payload[name] = ref ? await load(ref) : null;
    }),
  );
  payload.userErrors = [];
  return payload;
}

function isNode(value: unknown): value is { id: string } {
  return typeof value === "object" && value !== null && typeof (value as { id?: unknown }).id === "string" && "kind" in value;
}
