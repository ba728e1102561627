import { Field, ID, InterfaceType } from "type-graphql";
import type { RelationEndEntity, RelationType as RelationTypeEntity } from "../../domain/entities.js";
import type { Vendor as VendorName } from "../../domain/vendor.js";
import { CONNECTION_OF, RELATION_ID, RELATION_NATIVE_ID } from "../descriptions.js";
import { Vendor } from "../enums.js";
import { Node } from "../node.js";
import { RelationEnd } from "../nodes/relation-end.js";
import { RelationType } from "../nodes/relation-type.js";
import { typeOf } from "../type-of.js";

/** A relation of any vendor; the ends are resolved by RelationEndsResolver, the type by RelationTypeResolver. */
@InterfaceType({
  implements: Node,
  resolveType: typeOf,
  description:
    "A relation between two records of one vendor connection, whatever the vendor: source and target are its ends, relationType its kind. The concrete type (one per vendor) carries the vendor's own fields.",
})
export abstract class Relation {
  @Field(() => ID, { description: RELATION_ID }) id!: string;
  @Field(() => Vendor, { description: "The vendor that holds this relation." }) vendor!: VendorName;
  @Field(() => String, { description: CONNECTION_OF }) connection!: string;
  @Field(() => String, { description: RELATION_NATIVE_ID }) nativeId!: string;

  @Field(() => RelationEnd, {
    nullable: true,
    description: "The first end as the vendor names it (profile, source contact/person, first record).",
  })
  source?: RelationEndEntity | null;

  @Field(() => RelationEnd, {
    nullable: true,
    description: "The second end (related profile, destination contact/person, second record).",
  })
  target?: RelationEndEntity | null;

  @Field(() => RelationType, {
    nullable: true,
    description: "Its relation type in the connection's catalogue (see relationTypes); null when the catalogue has no such type.",
  })
  relationType?: RelationTypeEntity | null;
}
