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
  it("cover one mutation of each vendor operation, each with the answer it gives", () => {
    expect(CURLS.map((c) => /mutation \{ (\w+)/.exec(c)?.[1])).toEqual([
      "createContactRelation",
      "createAssociationRelation",
      "createRelationshipInstance",
      "upsertRelationshipLink",
    ]);
    expect(EXAMPLES.map((e) => e.command)).toEqual(CURLS);
  });

  it.each(EXAMPLES)("$command", async ({ command, shown }) => {
    const body = await run(command);
    expect(body.errors).toBeUndefined();
    const [payload] = Object.values(body.data);
    expect(payload!.userErrors).toEqual([]);
    const created = payload!.relation ?? payload!.relationship ?? payload!.link;
    expect(created).toMatchObject({ id: expect.any(String) });
    expect(masked(body)).toEqual(masked(JSON.parse(shown)));
  });

  it("run again, each creates another relation except HighLevel's, which refuses the duplicate in userErrors", async () => {
    const codes = [];
    for (const command of CURLS) {
      const [payload] = Object.values((await run(command)).data);
      codes.push(payload!.userErrors.map((e) => e.code));
    }
    expect(codes).toEqual([[], ["CONFLICT"], [], []]);
  });
});
