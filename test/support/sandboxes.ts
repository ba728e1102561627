import type { Vendor } from "../../src/domain/vendor.js";
import type { CustomerInsightsSandbox } from "../../src/sandbox/customer-insights/index.js";
import type { HighLevelSandbox, HighLevelSandboxOptions } from "../../src/sandbox/highlevel/index.js";
import { startSandboxes, type RunningSandboxes } from "../../src/sandbox/index.js";
import type { SuperOfficeSandbox } from "../../src/sandbox/superoffice/index.js";

/** The running simulators under the names tests use, typed per vendor. */
export interface TestSandboxes extends RunningSandboxes {
  customerInsights?: CustomerInsightsSandbox;
  superoffice?: SuperOfficeSandbox;
  highlevel?: HighLevelSandbox;
}

export async function startTestSandboxes(
  vendors: readonly Vendor[],
  options: { highlevel?: HighLevelSandboxOptions; tokenTtlSeconds?: number } = {},
): Promise<TestSandboxes> {
  const ttl = { tokenTtlSeconds: options.tokenTtlSeconds };
  const running = await startSandboxes(vendors, { HIGHLEVEL: { ...ttl, ...options.highlevel }, SUPEROFFICE: ttl, CUSTOMER_INSIGHTS: ttl });
  return {
    ...running,
    customerInsights: running.byVendor.CUSTOMER_INSIGHTS as CustomerInsightsSandbox | undefined,
    superoffice: running.byVendor.SUPEROFFICE as SuperOfficeSandbox | undefined,
    highlevel: running.byVendor.HIGHLEVEL as HighLevelSandbox | undefined,
  };
}
