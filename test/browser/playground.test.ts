import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/observability/logger.js";
import { startTestSandboxes as startSandboxes, type TestSandboxes as RunningSandboxes } from "../support/sandboxes.js";
import { startGateway, type Gateway } from "../../src/server/index.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";

/** The result pane's text, spaces normalised (Monaco renders them as no-break spaces, one line per element). */
async function responseText(page: Page): Promise<string> {
  return ((await page.locator(".graphiql-response").first().textContent()) ?? "").replace(/\s+/g, " ");
}

describe.skipIf(!existsSync(CHROMIUM))("playground in a browser", () => {
  let sandboxes: RunningSandboxes;
  let gateway: Gateway;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  /** Every URL the page asked for: only the gateway itself (and in-page blob:/data: URLs) may appear. */
  const requested: string[] = [];

  beforeAll(async () => {
    sandboxes = await startSandboxes(["CUSTOMER_INSIGHTS", "SUPEROFFICE", "HIGHLEVEL"]);
    gateway = await startGateway(
      { ...loadConfig({}), port: 0, connections: sandboxes.connections },
      { logger: createLogger({ level: "silent" }) },
    );
    profileDir = mkdtempSync(join(tmpdir(), "playground-chromium-"));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1400, height: 860 },
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    context.on("request", (request) => requested.push(request.url()));
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await gateway?.close();
    await sandboxes?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  it("opens with the examples as tabs and runs one through the UI", async () => {
    await page.goto(`${gateway.url}/`);
    await page.locator(".graphiql-container").first().waitFor({ timeout: 30_000 });
    const tabs = page.locator(".graphiql-tab");
    await expect.poll(() => tabs.allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining("ContactRelationWithEnds"),
        expect.stringContaining("RelationsOfContact"),
        expect.stringContaining("CreateContactRelation"),
        expect.stringContaining("CreateAssociationRelation"),
        expect.stringContaining("CreateRelationshipInstance"),
        expect.stringContaining("UpsertRelationshipLink"),
        expect.stringContaining("NodeLookup"),
        expect.stringContaining("Connections"),
        expect.stringContaining("RelationTypes"),
        expect.stringContaining("DeleteRelation"),
      ]),
    );

    await tabs.filter({ hasText: "ContactRelationWithEnds" }).locator(".graphiql-tab-button").click();
    await page.getByRole("button", { name: /Execute query/ }).click();
    // Relation 1010: Ingrid Berg (person 101 of Nordlys Shipping) is partner of Erik Lund (104, of Fjordkraft).
    await expect.poll(() => responseText(page), { timeout: 20_000 }).toContain("Erik Lund");
    const text = await responseText(page);
    expect(text).toContain('"relationId": 1010');
    expect(text).toContain("Ingrid Berg");
    expect(text).toContain("Nordlys Shipping AS");
    expect(text).not.toContain('"errors"');

    mkdirSync(join(ROOT, "test/artifacts"), { recursive: true });
    const shot = join(ROOT, "test/artifacts/playground.png");
    await page.screenshot({ path: shot });
    // The README's picture is refreshed on request only, so a test run leaves the tree clean.
    if (process.env.UPDATE_SCREENSHOT === "1") copyFileSync(shot, join(ROOT, "docs/playground.png"));
  });

  it("runs an operation typed into a new tab (typed on one line, then prettified)", async () => {
    await page.getByRole("button", { name: "New tab" }).click();
    const editor = page.locator(".graphiql-query-editor .monaco-editor").first();
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    // Monaco closes braces as they are typed and types over the closing ones: one line stays balanced.
    await page.keyboard.type("query TypedInBrowser { connections { vendor name sandbox } }");
    await page.getByRole("button", { name: /Prettify query/ }).click();
    await expect.poll(() => editor.textContent()).toContain("sandbox");
    await expect.poll(() => page.locator(".graphiql-tab-active").textContent()).toContain("TypedInBrowser");
    await page.getByRole("button", { name: /Execute query/ }).click();
    await expect.poll(() => responseText(page), { timeout: 20_000 }).toContain("HIGHLEVEL");
    const text = await responseText(page);
    expect(text).toContain('"vendor": "CUSTOMER_INSIGHTS"');
    expect(text).toContain('"sandbox": true');
  });

  it("made no request that left the gateway", () => {
    const origin = new URL(gateway.url).origin;
    expect(requested.length).toBeGreaterThan(1);
    const outside = requested.filter((url) => {
      if (url.startsWith("data:")) return false;
      if (url.startsWith("blob:")) return !url.startsWith(`blob:${origin}/`);
      return new URL(url).origin !== origin;
    });
    expect(outside).toEqual([]);
    expect(requested).toContain(`${origin}/graphql`);
  });
});
