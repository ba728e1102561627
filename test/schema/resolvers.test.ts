import { isAbstractType, isIntrospectionType, isObjectType, type GraphQLAbstractType, type GraphQLObjectType } from "graphql";
import { getMetadataStorage } from "type-graphql";
import { describe, expect, it } from "vitest";
import { buildGatewaySchema } from "../../src/graphql/schema.js";

/**
 * Object types are declared with src/graphql/object-type.ts: a field without a @FieldResolver
 * has no resolver of its own, so graphql-js reads it from the entity directly. type-graphql's
 * ObjectType would wrap every such field (an object and a closure per field read) for
 * middlewares the gateway does not use.
 */
describe("field resolvers", () => {
  it("only fields with a @FieldResolver have a resolver; every other field is read by graphql-js's default", async () => {
    const schema = await buildGatewaySchema();
    const resolved = new Set(getMetadataStorage().fieldResolvers.map((r) => r.schemaName));
    const wrapped: string[] = [];
    let plain = 0;
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || isIntrospectionType(type) || type.name.startsWith("_") || [schema.getQueryType(), schema.getMutationType()].includes(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (field.resolve === undefined) plain++;
        else if (!resolved.has(field.name)) wrapped.push(`${type.name}.${field.name}`);
      }
    }
    expect(wrapped).toEqual([]);
    expect(plain).toBeGreaterThan(50);
  });

  it("keeps the resolvers that load: a relation's ends and a contact's relations", async () => {
    const schema = await buildGatewaySchema();
    const fields = (name: string) => (schema.getType(name) as GraphQLObjectType).getFields();
    expect(fields("ContactRelation").source!.resolve).toBeTypeOf("function");
    expect(fields("Contact").relations!.resolve).toBeTypeOf("function");
    expect(fields("ContactRelation").activeText!.resolve).toBeUndefined();
  });

  it("resolves every abstract type of ours synchronously, from the entity's kind (type-graphql's own resolveType answers with a promise)", async () => {
    const schema = await buildGatewaySchema();
    const ours = Object.values(schema.getTypeMap()).filter((t): t is GraphQLAbstractType => isAbstractType(t) && !t.name.startsWith("_"));
    expect(ours.map((t) => t.name).sort()).toEqual(["Node", "Relation", "RelationEnd"]);
    for (const type of ours) expect(type.resolveType!({ kind: "Contact" }, {}, {} as never, type)).toBe("Contact");
  });
});
