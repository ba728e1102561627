/** The vendors the gateway fronts; the values are the GraphQL `Vendor` enum values. */
export const VENDORS = ["CUSTOMER_INSIGHTS", "SUPEROFFICE", "HIGHLEVEL"] as const;
export type Vendor = (typeof VENDORS)[number];

/** Names for people: log lines, error messages, the startup banner. */
export const VENDOR_LABEL: Record<Vendor, string> = {
  CUSTOMER_INSIGHTS: "Customer Insights",
  SUPEROFFICE: "SuperOffice",
  HIGHLEVEL: "HighLevel",
};

/** Connection used when an argument named `connection` is omitted. */
export const DEFAULT_CONNECTION = "default";
