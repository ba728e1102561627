import { registerEnumType } from "type-graphql";
import { VENDORS, type Vendor as VendorName } from "../domain/vendor.js";
import type { AssociationType as AssociationTypeName, OperationStatus as StatusName } from "../domain/entities.js";

/** GraphQL enums whose values are the domain's own strings. */
const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

/** Registered by ./part.ts, which describes each value from its vendor's part of the schema. */
export const Vendor = asEnum<VendorName>(VENDORS);

export const OperationStatus = asEnum<StatusName>(["COMPLETED", "ACCEPTED"]);
registerEnumType(OperationStatus, {
  name: "OperationStatus",
  description: "Whether the vendor had finished a write when it answered, or accepted it to finish later.",
  valuesConfig: {
    COMPLETED: { description: "The vendor finished the work (HTTP 200/201)." },
    ACCEPTED: { description: "The vendor accepted the work and finishes it later (HTTP 202)." },
  },
});

export const AssociationType = asEnum<AssociationTypeName>(["USER_DEFINED", "SYSTEM_DEFINED"]);
registerEnumType(AssociationType, {
  name: "AssociationType",
  description: "Who defined an association (the relation type of an AssociationRelation).",
  valuesConfig: {
    USER_DEFINED: { description: "Defined by a user of the account: a custom association, which can be changed or deleted." },
    SYSTEM_DEFINED: { description: "Built in by the vendor (such as company and contact), the same in every account." },
  },
});
