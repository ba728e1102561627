import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { fingerprint } from "../../src/credentials/fingerprint.js";
import { Sealer } from "../../src/credentials/sealer.js";
import { VendorRegistry } from "../../src/vendors/registry.js";

/** The pieces of the credential layer that need no vendor: sealing at rest, tenants and their pacers. */

describe("Sealer (AES-256-GCM under CREDENTIALS_KEY)", () => {
  const sealer = new Sealer(randomBytes(32));

  it("opens what it sealed, under the same store key only, and never shows the plain text", () => {
    const sealed = sealer.seal('{"authorization":"Bearer tok-123"}', "HIGHLEVEL/default/x");
    expect(sealed).not.toContain("tok-123");
    expect(sealer.open(sealed, "HIGHLEVEL/default/x")).toBe('{"authorization":"Bearer tok-123"}');
    expect(sealer.open(sealed, "HIGHLEVEL/other/x")).toBeNull();
    // A fresh nonce each time: the same value never seals the same way twice.
    expect(sealer.seal("same", "k")).not.toBe(sealer.seal("same", "k"));
  });

  it("refuses a tampered value and another key's", () => {
    const sealed = sealer.seal("secret", "k");
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    expect(sealer.open([...parts.slice(0, 3), body.toString("base64url")].join("."), "k")).toBeNull();
    expect(new Sealer(randomBytes(32)).open(sealed, "k")).toBeNull();
  });
});

describe("tenants of a connection in caller mode", () => {
  const registry = new VendorRegistry(loadConfig({ HIGHLEVEL_CALLER_HEADER: "x-hl" }).connections, { timeoutMs: 1_000 });
  const clientFor = (value: string) => registry.scope({ requestId: "r", headers: { "x-hl": value } }).client("HIGHLEVEL");

  it("each caller credential is its own tenant, named by a fingerprint that does not hold the credential, with its own pacer", () => {
    clientFor("Bearer caller-a-token");
    clientFor("Bearer caller-b-token");
    clientFor("Bearer caller-a-token");
    const a = registry.tenant("HIGHLEVEL", "default", fingerprint("Bearer caller-a-token"));
    const b = registry.tenant("HIGHLEVEL", "default", fingerprint("Bearer caller-b-token"));
    expect(a).not.toBe(b);
    expect(a.key).not.toContain("caller-a-token");
    expect(a.pacer).toBeDefined();
    expect(b.pacer).toBeDefined();
    expect(a.pacer).not.toBe(b.pacer);
    expect(registry.scope({ requestId: "r", headers: { "x-hl": "Bearer caller-a-token" } }).tenantOf("HIGHLEVEL")).toBe(a.key);
  });

  it("the connection's own credential is one tenant, paced by the connection's pacer", () => {
    const own = new VendorRegistry(loadConfig({ HIGHLEVEL_TOKEN: "pit-123456" }).connections, { timeoutMs: 1_000 });
    own.scope({ requestId: "r" }).client("HIGHLEVEL");
    expect(own.scope({ requestId: "r" }).tenantOf("HIGHLEVEL")).toBe("");
    expect(own.tenant("HIGHLEVEL", "default", "").pacer).toBeUndefined();
  });
});
