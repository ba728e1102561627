import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** The README's curl examples, run as written against a gateway with sandbox vendors. */

const README = readFileSync(resolve(import.meta.dirname, "../../README.md"), "utf8");
const CURLS = [...README.matchAll(/```sh\n(curl [^\n]+)\n```/g)].map((m) => m[1]!);
const README_URL = "http://127.0.0.1:4000/graphql";

let t: TestGateway;
beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t.close());

describe("README curl examples", () => {
  it("cover the catalogue query and one mutation of each vendor operation", () => {
    expect(CURLS.map((c) => /(?:mutation )?\{ (\w+)/.exec(c)?.[1])).toEqual([
      "relationTypes", // Create a relation starts from the catalogue
      "createContactRelation",
      "createAssociationRelation",
      "createRelationshipInstance",
      "upsertRelationshipLink",
      "deleteRelation",
      "createContactRelation", // with an Idempotency-Key header (Retries and idempotency)
    ]);
  });

  it("the keyed example, run twice, is replayed the second time", async () => {
    const keyed = CURLS.find((c) => c.includes("Idempotency-Key"))!.replace(README_URL, `${t.gateway.url}/graphql`);
    const run = async () => JSON.parse((await promisify(execFile)("bash", ["-c", keyed])).stdout).data.createContactRelation;
    const first = await run();
    expect(await run()).toEqual({ ...first, replayed: true });
  });

  it.each(CURLS)("%s", async (command) => {
    expect(command).toContain(README_URL);
    const { stdout } = await promisify(execFile)("bash", ["-c", command.replace(README_URL, `${t.gateway.url}/graphql`)]);
    const body = JSON.parse(stdout) as { data: Record<string, { userErrors: unknown[] } & Record<string, unknown>>; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const [payload] = Object.values(body.data);
    if (!command.includes("mutation {")) {
      // The catalogue query: a list of types, each with the id a create takes.
      expect(payload).toEqual(expect.arrayContaining([expect.objectContaining({ nativeId: expect.any(String), sourceKinds: expect.any(Array) })]));
      return;
    }
    expect(payload!.userErrors).toEqual([]);
    const written = payload!.relation ?? payload!.relationship ?? payload!.link ?? { id: payload!.deletedId };
    expect(written).toMatchObject({ id: expect.any(String) });
  });
});
