import { describe, expect, it } from "vitest";
import { redactVendorText, VENDOR_TEXT_MAX } from "../../src/vendors/vendor-text.js";

const TOKEN = "tok-so-3ac48121f09e4d7bb0c2a9e6";
const SECRETS = [TOKEN, "Bearer " + TOKEN];

describe("redactVendorText: secrets", () => {
  it("removes a secret echoed whole, URL-encoded or JSON-escaped", () => {
    const slashy = "ab/cd+ef\"gh\\ij";
    const out = redactVendorText(`a ${slashy} b ${encodeURIComponent(slashy)} c ${JSON.stringify(slashy)}`, [slashy]);
    expect(out).not.toContain("cd+ef");
    expect(out).not.toContain("cd%2Bef");
    expect(out).toBe('a [redacted] b [redacted] c "[redacted]"');
  });

  it("removes a secret echoed in another case", () => {
    expect(redactVendorText(`bad credential ${TOKEN.toUpperCase()}`, SECRETS)).toBe("bad credential [redacted]");
  });

  it("removes a cut-short echo (any run of 8+ characters of a secret), in any case", () => {
    expect(redactVendorText("bad credential tok-so-3ac48121…", SECRETS)).toBe("bad credential [redacted]…");
    expect(redactVendorText("bad credential TOK-SO-3AC4…", SECRETS)).toBe("bad credential [redacted]…");
    // A middle part, run into other text.
    expect(redactVendorText("key=xx48121F09E4D7yy", SECRETS)).toBe("key=xx[redacted]yy");
  });

  it("keeps 7-character coincidences and prose around the header form", () => {
    expect(redactVendorText("tok-so- is the prefix; 3ac4812 is not enough", SECRETS)).toBe("tok-so- is the prefix; 3ac4812 is not enough");
    expect(redactVendorText("Bearer token expired", SECRETS)).toBe("Bearer token expired");
  });

  it("redacts before an HTML page is cut to its excerpt: no half token at the cut", () => {
    // The token straddles the 200-character excerpt's end.
    const page = `<html><head><title>Error</title></head><body><p>${"x ".repeat(88)}rejected ${TOKEN} at the hub</p></body></html>`;
    const out = redactVendorText(page, SECRETS);
    expect(out).toMatch(/^HTML page: Error /);
    expect(out.toLowerCase()).not.toContain("tok-so-3");
    for (let i = 0; i + 8 <= TOKEN.length; i++) expect(out.toLowerCase()).not.toContain(TOKEN.slice(i, i + 8));
  });

  it("redacts a secret hidden by HTML entities once they are decoded", () => {
    const out = redactVendorText(`<html><body><p>ticket a&amp;b&lt;c&gt;d-0123 refused</p></body></html>`, ["a&b<c>d-0123"]);
    expect(out).toBe("HTML page: ticket [redacted] refused");
  });
});

describe("redactVendorText: internals of the vendor's machines", () => {
  it("masks paths and stack frames in an HTML error page", () => {
    const page = `<html><body><h1>Server Error</h1><pre>System.InvalidOperationException: failed
   at Contoso.Hub.Relationships.Save(String name) in C:\\build\\src\\Hub\\Relationships.cs:line 42
   at Foo.Bar (/var/app/node_modules/x/index.js:12:5)
   at process (/srv/crm/app.js:3:1)
 reading /var/lib/hub/settings.json and \\\\fs01\\share\\conf.xml</pre></body></html>`;
    const out = redactVendorText(page, []);
    expect(out).not.toMatch(/Contoso\.Hub|C:\\|\/var\/|\/srv\/|fs01|Foo\.Bar|index\.js|Relationships\.cs/);
    expect(out).toContain("System.InvalidOperationException: failed");
    expect(out).toContain("[frame]");
    expect(out).toContain("[path]");
  });

  it("keeps the vendor's own URL paths and prose with 'at'", () => {
    const text = "Field 'x' is unknown at least (see https://api.example.com/var/docs and /api/v1/Relation/12)";
    expect(redactVendorText(text, [])).toBe(text);
  });

  it("still caps the length", () => {
    expect(redactVendorText("y".repeat(2_000), SECRETS)).toHaveLength(VENDOR_TEXT_MAX);
  });
});
