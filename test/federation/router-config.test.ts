import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

/** deploy/router/router.yaml as far as caller authentication goes (the router binary itself is not available here). */
const router = parse(readFileSync(new URL("../../deploy/router/router.yaml", import.meta.url), "utf8")) as {
  headers: { all: { request: Array<{ propagate?: { named?: string } }> } };
  authentication: { router: { jwt: { jwks: Array<{ url: string }> } } };
  authorization: { directives: { enabled: boolean } };
};

describe("deploy/router/router.yaml", () => {
  it("forwards the caller's Authorization to the gateway, which verifies it again", () => {
    expect(router.headers.all.request.map((rule) => rule.propagate?.named)).toContain("authorization");
  });

  it("authenticates callers at the edge and enforces the subgraph's access directives", () => {
    expect(router.authentication.router.jwt.jwks[0]!.url).toMatch(/^https:\/\//);
    expect(router.authorization.directives.enabled).toBe(true);
  });
});
