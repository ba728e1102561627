import { ObjectType as TypeGraphQLObjectType, type ObjectTypeOptions } from "type-graphql";

/**
 * type-graphql's `@ObjectType` with its `simpleResolvers` option: a field without a
 * `@FieldResolver` is read by graphql-js's default resolver. Without it, type-graphql wraps every
 * such field to run middlewares and auth checks (an object and a closure per field read, per
 * entity), and the gateway uses neither. Every object type of the schema is declared with this
 * one; eslint.config.js keeps type-graphql's own out of src/.
 */
export function ObjectType(options?: ObjectTypeOptions): ClassDecorator;
export function ObjectType(name: string, options?: ObjectTypeOptions): ClassDecorator;
export function ObjectType(nameOrOptions?: string | ObjectTypeOptions, options?: ObjectTypeOptions): ClassDecorator {
  return typeof nameOrOptions === "string"
    ? TypeGraphQLObjectType(nameOrOptions, { ...options, simpleResolvers: true })
    : TypeGraphQLObjectType({ ...nameOrOptions, simpleResolvers: true });
}
