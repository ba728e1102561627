import { describe, expect, it } from "vitest";
import { didYouMean } from "../../src/did-you-mean.js";

const SETTINGS = ["baseUrl", "authorization", "appToken", "language", "culture", "timeZone"];

describe("didYouMean", () => {
  it.each([
    ["baseURL", "baseUrl"],
    ["baseurl", "baseUrl"],
    ["autorization", "authorization"],
    ["apptokn", "appToken"],
    ["timezone", "timeZone"],
    ["langauge", "language"],
  ])("%s → %s", (typed, meant) => {
    expect(didYouMean(typed, SETTINGS)).toBe(meant);
  });

  it("suggests vendor sections", () => {
    expect(didYouMean("superofice", ["customerInsights", "superoffice", "highlevel"])).toBe("superoffice");
    expect(didYouMean("highLevel", ["customerInsights", "superoffice", "highlevel"])).toBe("highlevel");
    expect(didYouMean("customer-insights", ["customerInsights", "superoffice", "highlevel"])).toBe("customerInsights");
  });

  it("stays quiet when nothing is close", () => {
    expect(didYouMean("colour", SETTINGS)).toBeUndefined();
    expect(didYouMean("url", SETTINGS)).toBeUndefined();
    expect(didYouMean("x", [])).toBeUndefined();
  });
});
