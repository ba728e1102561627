import { registerEnumType } from "type-graphql";
import { VENDORS, type Vendor as VendorName } from "../domain/vendor.js";
import type { AssociationType as AssociationTypeName, OperationStatus as StatusName } from "../domain/entities.js";

/** GraphQL enums whose values are the domain's own strings. */
const asEnum = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const Vendor = asEnum<VendorName>(VENDORS);
registerEnumType(Vendor, { name: "Vendor" });

export const OperationStatus = asEnum<StatusName>(["COMPLETED", "ACCEPTED"]);
registerEnumType(OperationStatus, {
  name: "OperationStatus",
  valuesConfig: {
    COMPLETED: { description: "The vendor finished the work (HTTP 200/201)." },
    ACCEPTED: { description: "The vendor accepted the work and finishes it later (HTTP 202)." },
  },
});

export const AssociationType = asEnum<AssociationTypeName>(["USER_DEFINED", "SYSTEM_DEFINED"]);
registerEnumType(AssociationType, { name: "AssociationType" });
