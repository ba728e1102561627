import { Field, ObjectType } from "type-graphql";
import type * as Domain from "../../domain/entities.js";
import { OperationStatus } from "../enums.js";
import { AssociationRelation } from "../relations/association-relation.js";
import { ContactRelation } from "../relations/contact-relation.js";
import { RelationshipInstance } from "../relations/relationship-instance.js";
import { RelationshipLink } from "../relations/relationship-link.js";
import { UserError } from "./user-error.js";

/** Mutation payloads: the object on success, or `userErrors` with the object null. */

@ObjectType()
export class CreateRelationshipInstancePayload {
  @Field(() => OperationStatus, { nullable: true }) status!: Domain.OperationStatus | null;
  @Field(() => RelationshipInstance, { nullable: true }) relationship!: Domain.RelationshipInstance | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class UpsertRelationshipLinkPayload {
  @Field(() => OperationStatus, { nullable: true }) status!: Domain.OperationStatus | null;
  @Field(() => RelationshipLink, { nullable: true }) link!: Domain.RelationshipLink | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class CreateContactRelationPayload {
  @Field(() => ContactRelation, { nullable: true }) relation!: Domain.ContactRelation | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@ObjectType()
export class CreateAssociationRelationPayload {
  @Field(() => AssociationRelation, { nullable: true }) relation!: Domain.AssociationRelation | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}
