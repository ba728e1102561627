import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { loadExamples } from "../../src/playground/examples.js";
import { createLogger } from "../../src/observability/logger.js";
import { startTestSandboxes as startSandboxes, type TestSandboxes as RunningSandboxes } from "../support/sandboxes.js";
import { startGateway, type Gateway } from "../../src/server/index.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";

interface CodeMirrorElement {
  CodeMirror: { getValue(): string };
}

/** The result pane's whole text, spaces normalised (CodeMirror draws only the lines in view: ask the editor). */
async function responseText(page: Page): Promise<string> {
  const editor = page.locator(".graphiql-response .CodeMirror").first();
  if ((await editor.count()) === 0) return "";
  return (await editor.evaluate((el) => (el as unknown as CodeMirrorElement).CodeMirror.getValue())).replace(/\s+/g, " ");
}

/** What each example's answer holds against the sandboxes' demo data (one entry per file in src/playground/examples/). */
const EXPECTED: Record<string, string[]> = {
  ContactRelationWithEnds: ['"relationId": 1010', "Ingrid Berg", "Erik Lund", '"activeText": "Partner of"'],
  RelationsOfContact: ['"__typename": "AssociationRelation"', '"hasNextPage": true', "Ada"],
  SuperOfficeContactRelations: ['"name": "Nordlys Shipping AS"', "Ingrid Berg", '"activeText":'],
  NodeLookup: ['"__typename": "Profile"', '"profileId": "acc-contoso"', '"relationshipType":'],
  CreateContactRelation: ['"relationId":', '"comment": "Created from the playground"', '"userErrors": []'],
  CreateAssociationRelation: ['"firstObjectLabel":', '"userErrors": []'],
  CreateRelationshipInstance: ['"status": "ACCEPTED"', '"relationshipType": "AccountContact"', '"userErrors": []'],
  UpsertRelationshipLink: ['"name": "BuyerMeetings"', '"userErrors": []'],
  Connections: ['"vendor": "CUSTOMER_INSIGHTS"', '"sandbox": true'],
  RelationTypes: ['"name": "Supplier to"', '"nativeId":', '"sourceKinds":'],
  DeleteRelation: ['"deletedId": "WyJnMSIsIlNVUEVST0ZGSUNFIiwiZGVmYXVsdCIsIkNvbnRhY3RSZWxhdGlvbiIsIjEwMjciXQ"', '"userErrors": []'],
};

describe.skipIf(!existsSync(CHROMIUM))("playground in a browser", () => {
  let sandboxes: RunningSandboxes;
  let gateway: Gateway;
  let context: BrowserContext;
  let page: Page;
  let profileDir: string;
  /** Every URL the page asked for: only the gateway itself (and in-page blob:/data: URLs) may appear. */
  const requested: string[] = [];
  /** Script errors and console errors (a CSP violation is one). */
  const problems: string[] = [];

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
      // The narrowest window the playground is made for: every tab must be reachable at this width.
      viewport: { width: 1280, height: 860 },
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
    page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
    page.on("console", (message) => void (message.type() === "error" && problems.push(`console: ${message.text()}`)));
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

  it("opens every example tab on the first click, runs it and shows its answer", async () => {
    const examples = loadExamples().map((e) => e.name);
    expect(Object.keys(EXPECTED).sort()).toEqual([...examples].sort());
    const tabs = page.locator(".graphiql-tab");
    for (const name of examples) {
      // One click, as a person would: no retry, no double click.
      await tabs.filter({ hasText: name }).locator(".graphiql-tab-button").click();
      await expect.poll(() => page.locator(".graphiql-tab-active").textContent(), { timeout: 2_000, message: `tab ${name} opens on the first click` }).toContain(name);
      await page.getByRole("button", { name: /Execute query/ }).click();
      const expected = EXPECTED[name]!;
      await expect.poll(() => responseText(page), { timeout: 20_000, message: `answer of ${name}` }).toContain(expected[0]!);
      const text = await responseText(page);
      for (const part of expected) expect(text, name).toContain(part);
      expect(text, name).not.toContain('"errors"');
    }
  });

  it("shows every example tab whole at 1280 px (the strip wraps), without wrapping the title", async () => {
    const strip = await page.locator(".graphiql-tabs").first().evaluate((el) => {
      const window = el.ownerDocument.defaultView!;
      const hidden = [...el.querySelectorAll(".graphiql-tab")]
        .filter((tab) => {
          const box = tab.getBoundingClientRect();
          const clip = el.getBoundingClientRect();
          return box.left < clip.left || box.right > Math.min(clip.right, window.innerWidth) || box.bottom > window.innerHeight || box.width === 0;
        })
        .map((tab) => tab.textContent);
      return { hidden, scrolls: el.scrollWidth > el.clientWidth, width: window.innerWidth };
    });
    expect(strip.width).toBe(1280);
    expect(strip.hidden, "tabs out of sight").toEqual([]);
    expect(strip.scrolls).toBe(false);
    await expect.poll(() => page.locator(".graphiql-tab").count()).toBe(loadExamples().length);
    const logo = page.locator(".graphiql-logo").first();
    await expect.poll(() => logo.textContent()).toBe("CRM relations gateway");
    const lines = await logo.evaluate((el) => {
      const style = el.ownerDocument.defaultView.getComputedStyle(el);
      const content = el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      return Math.round(content / parseFloat(style.lineHeight));
    });
    expect(lines).toBe(1);
  });

  it("runs an operation typed into a new tab (typed on one line, then prettified)", async () => {
    await page.getByRole("button", { name: "Add tab" }).click();
    const editor = page.locator(".graphiql-query-editor .CodeMirror").first();
    await editor.click();
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.press("Delete");
    // The editor closes braces as they are typed and types over the closing ones: one line stays balanced.
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

  it("made no request that left the gateway, and logged no error (a CSP violation would be one)", () => {
    expect(problems).toEqual([]);
    const origin = new URL(gateway.url).origin;
    expect(requested.length).toBeGreaterThan(1);
    const outside = requested.filter((url) => {
      if (url.startsWith("data:")) return false;
      if (url.startsWith("blob:")) return !url.startsWith(`blob:${origin}/`);
      return new URL(url).origin !== origin;
    });
    expect(outside).toEqual([]);
    expect(requested).toContain(`${origin}/graphql`);
    // GraphiQL's fonts come from the gateway too, fetched only as the text needs them.
    expect(requested.some((url) => url.startsWith(`${origin}/playground/font.`))).toBe(true);
  });
});
