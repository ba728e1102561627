import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** The README's curl examples, run as written against a gateway with sandbox vendors, and the answers it shows under them. */

const README = readFileSync(resolve(import.meta.dirname, "../../README.md"), "utf8");
const CURLS = [...README.matchAll(/```sh\n(curl [^\n]+)\n```/g)].map((m) => m[1]!);
/** Each curl and the answer shown right below it. */
const EXAMPLES = [...README.matchAll(/```sh\n(curl [^\n]+)\n```\n\n```json\n([\s\S]*?)```/g)].map((m) => ({ command: m[1]!, shown: m[2]! }));
const README_URL = "http://127.0.0.1:4000/graphql";
/** What differs from run to run (the README says so): compared by type only. */
const VARYING = new Set(["id", "relationId", "createdDate"]);

type Payload = { userErrors: Array<{ code: string }> } & Record<string, unknown>;

let t: TestGateway;
/** Each command's first answer (the examples' test), for the second run to compare with. */
const firstRun = new Map<string, Payload>();
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());

async function run(command: string): Promise<{ data: Record<string, Payload>; errors?: unknown }> {
  expect(command).toContain(README_URL);
  const { stdout } = await promisify(execFile)("bash", ["-c", command.replace(README_URL, `${t.gateway.url}/graphql`)]);
  return JSON.parse(stdout) as { data: Record<string, Payload>; errors?: unknown };
}

function masked(value: unknown, key = ""): unknown {
  if (VARYING.has(key)) return `<${typeof value}>`;
  if (Array.isArray(value)) return value.map((item) => masked(item));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, k)]));
  return value;
}

describe("README curl examples", () => {
  it("cover the catalogue, one mutation of each vendor operation, a delete and a keyed create, each with the answer it gives", () => {
    expect(CURLS.map((c) => /(?:mutation )?\{ (\w+)/.exec(c)?.[1])).toEqual([
      "relationTypes", // Create a relation starts from the catalogue
      "createContactRelation",
      "createAssociationRelation",
      "createRelationshipInstance",
      "upsertRelationshipLink",
      "deleteRelation",
      "createContactRelation", // with an Idempotency-Key header (Retries and idempotency)
    ]);
    expect(EXAMPLES.map((e) => e.command)).toEqual(CURLS);
  });

  it.each(EXAMPLES)("$command", async ({ command, shown }) => {
    const body = await run(command);
    expect(body.errors).toBeUndefined();
    const [payload] = Object.values(body.data);
    firstRun.set(command, payload!);
    if (Array.isArray(payload)) {
      // The catalogue query: a list of types, each with the id a create takes.
      expect(payload).toEqual(expect.arrayContaining([expect.objectContaining({ nativeId: expect.any(String), sourceKinds: expect.any(Array) })]));
    } else {
      expect(payload!.userErrors).toEqual([]);
      const written = payload!.relation ?? payload!.relationship ?? payload!.link ?? { id: payload!.deletedId };
      expect(written).toMatchObject({ id: expect.any(String) });
    }
    expect(masked(body)).toEqual(masked(JSON.parse(shown)));
  });

  it("run again, as the README says: SuperOffice makes another relation, HighLevel refuses the duplicate, Customer Insights answers the same instance and the link COMPLETED, the delete finds nothing, the keyed create is replayed", async () => {
    const again = [];
    for (const command of CURLS) {
      const [payload] = Object.values((await run(command)).data);
      if (Array.isArray(payload)) {
        again.push("catalogue");
        continue;
      }
      const first = firstRun.get(command)!;
      const written = (p: Payload) => (p.relation ?? p.relationship ?? p.link) as { id: string } | null | undefined;
      again.push({
        codes: payload!.userErrors.map((e) => e.code),
        replayed: payload!.replayed,
        ...(payload!.status !== undefined && { status: payload!.status }),
        sameId: written(payload!) ? written(payload!)!.id === written(first)?.id : undefined,
      });
    }
    expect(again).toEqual([
      "catalogue",
      { codes: [], replayed: undefined, sameId: false },
      { codes: ["CONFLICT"], replayed: undefined, sameId: undefined },
      { codes: [], replayed: undefined, status: "ACCEPTED", sameId: true },
      { codes: [], replayed: undefined, status: "COMPLETED", sameId: true },
      { codes: ["NOT_FOUND"], replayed: false, sameId: undefined },
      { codes: [], replayed: true, sameId: true },
    ]);
  });
});
