import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestIdp, validClaims, type TestIdp } from "../auth/jwks.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/**
 * docs/federation.md's TypeScript blocks, run as written: each starts with `// <file>.ts`, is
 * saved under that name (so they import each other as a reader's copies would) and every file
 * no other one imports is run with tsx against a gateway on the sandboxes. Ports come from the
 * env vars the code reads, so nothing here needs 4000/4001/4100 to be free. The gateway runs with
 * caller authentication on, so the supergraphs must forward the caller's token.
 */

const ROOT = resolve(import.meta.dirname, "../..");
const DOC = readFileSync(join(ROOT, "docs/federation.md"), "utf8");
const BLOCKS = [...DOC.matchAll(/```(ts|typescript|js|javascript)\n([\s\S]*?)```/g)].map((m) => m[2]!);
const FILES = BLOCKS.map((code) => ({ name: /^\/\/ ([\w.-]+\.[tj]s)\n/.exec(code)?.[1], code }));
const ENTRIES = FILES.filter(({ name }) => name && !FILES.some((other) => other.code.includes(`from "./${name}"`)));

let idp: TestIdp;
let relations: TestGateway;
let token: string;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  idp = await startTestIdp();
  relations = await startTestGateway({ auth: idp.config() });
  token = await idp.sign(validClaims({ scope: "relations:read relations:write", exp: Math.floor(Date.now() / 1000) + 3600 }));
  // Inside the repository, so the blocks' imports resolve from its node_modules as in a reader's checkout.
  mkdirSync(join(ROOT, "test/artifacts"), { recursive: true });
  dir = mkdtempSync(join(ROOT, "test/artifacts/federation-docs-"));
  for (const { name, code } of FILES) if (name) writeFileSync(join(dir, name), code);
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await relations?.close();
  await idp?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("docs/federation.md", () => {
  it("names every TypeScript block's file, and the SDL in the code is the SDL the page shows", () => {
    expect(FILES.map((f) => f.name)).toEqual(["notes-subgraph.ts", "apollo-gateway-sdl.ts", "supergraph.ts", "supergraph-introspect.ts"]);
    const shown = /```graphql\n([\s\S]*?)```/.exec(DOC)![1]!;
    const inCode = /export const notesSdl = `([\s\S]*?)`;/.exec(FILES[0]!.code)![1]!;
    const normalize = (sdl: string) => sdl.replace(/#.*$/gm, "").replace(/\s+/g, " ").trim();
    expect(normalize(inCode)).toBe(normalize(shown));
  });

  it.each(ENTRIES.map((f) => f.name!))("%s serves a supergraph that answers the page's query", async (name) => {
    // tsx as a loader in this one process (its CLI would run a child that outlives a kill).
    const child = spawn(process.execPath, ["--import", "tsx", join(dir, name)], {
      cwd: ROOT,
      env: { ...process.env, RELATIONS_URL: `${relations.gateway.url}/graphql`, RELATIONS_TOKEN: token, NOTES_PORT: "0", PORT: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setInterval(() => {
        const found = /Supergraph ready at (\S+)/.exec(out)?.[1];
        if (found) resolveUrl(found);
        if (found || child.exitCode !== null) clearInterval(timer);
        if (!found && child.exitCode !== null) reject(new Error(`${name} exited ${child.exitCode}:\n${out}`));
      }, 100);
    });

    const ask = (headers: Record<string, string>) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query: "{ notes { author { fullName contact { name loyaltyTier } } } }" }),
      }).then((res) => res.json() as Promise<{ data?: unknown; errors?: Array<{ extensions?: { code?: string } }> }>);
    // Without a token the gateway's part is refused (the notes still answer).
    const refused = await ask({});
    expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(await ask({ authorization: `Bearer ${token}` })).toEqual({
      data: {
        notes: [
          { author: { fullName: "Ingrid Berg", contact: { name: "Nordlys Shipping AS", loyaltyTier: "GOLD" } } },
          { author: { fullName: "Sofie Dahl", contact: { name: "Fjordkraft Consulting AS", loyaltyTier: "SILVER" } } },
        ],
      },
    });

    // What the gateway promises holds through the supergraph: a keyed create sent twice is one relation.
    relations.reset();
    const create = (key: string) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}`, "idempotency-key": key, "accept-language": "en" },
        body: JSON.stringify({
          query: "mutation { createContactRelation(input: { sourceContactId: 13, destinationContactId: 14, relationDefinitionId: 1 }) { relation { id activeText } replayed userErrors { code } } }",
        }),
      }).then((res) => res.json() as Promise<{ data?: { createContactRelation: { relation: { id: string; activeText: string }; replayed: boolean } } }>);
    const key = `docs-${name}-${Date.now()}`;
    const first = await create(key);
    const again = await create(key);
    expect(first.data?.createContactRelation).toMatchObject({ replayed: false, relation: { activeText: "Supplier to" } });
    expect(again.data?.createContactRelation).toMatchObject({ replayed: true, relation: { id: first.data!.createContactRelation.relation.id } });
    expect(relations.vendorCalls().filter((c) => c.method === "POST" && c.path.endsWith("/Relation"))).toHaveLength(1);

    // No stack traces (with this machine's paths) in its answers.
    const broken = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ notes { nope } }" }) }).then((res) => res.text());
    expect(broken).toContain("nope");
    expect(broken).not.toMatch(/stacktrace|\/work\/|node_modules|at \w+ \(/);
    expect(JSON.stringify(refused)).not.toMatch(/stacktrace|node_modules/);
    child.kill("SIGKILL");
  }, 60_000);
});
