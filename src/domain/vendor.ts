/** The vendors the gateway fronts; the values are the GraphQL `Vendor` enum values. Their modules are in src/vendors/modules.ts. */
export const VENDORS = ["CUSTOMER_INSIGHTS", "SUPEROFFICE", "HIGHLEVEL"] as const;
export type Vendor = (typeof VENDORS)[number];

/** Connection used when an argument named `connection` is omitted. */
export const DEFAULT_CONNECTION = "default";
