import {
  Kind,
  buildASTSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  parse,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { isDeepStrictEqual } from "node:util";

/**
 * Builds an SDL that uses federation directives without their definitions (`@link`, `@key`):
 * `assumeValidSDL` skips the directive checks, which is all the comparison needs.
 */
export function buildSdl(sdl: string): GraphQLSchema {
  return buildASTSchema(parse(sdl), { assumeValidSDL: true });
}

/**
 * Everything the contract declares that `actual` lacks or types differently, one line per
 * item: types (and their kind), fields, arguments and their defaults, input fields, enum
 * values, union members, implemented interfaces and `@key` directives. Extra items in
 * `actual` are allowed.
 */
export function contractProblems(contract: GraphQLSchema, actual: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const expected of Object.values(contract.getTypeMap())) {
    if (expected.name.startsWith("__")) continue;
    const found = actual.getType(expected.name);
    if (!found) {
      problems.push(`missing ${kindOf(expected)} ${expected.name}`);
      continue;
    }
    if (kindOf(found) !== kindOf(expected)) {
      problems.push(`${expected.name} is ${kindOf(found)}, contract says ${kindOf(expected)}`);
      continue;
    }
    problems.push(...compareType(expected, found));
  }
  for (const root of ["query", "mutation", "subscription"] as const) {
    const expected = rootName(contract, root);
    if (expected && rootName(actual, root) !== expected) {
      problems.push(`${root} root type is ${rootName(actual, root) ?? "absent"}, contract says ${expected}`);
    }
  }
  return problems;
}

function compareType(expected: GraphQLNamedType, found: GraphQLNamedType): string[] {
  const problems: string[] = [];
  if ((isObjectType(expected) || isInterfaceType(expected)) && (isObjectType(found) || isInterfaceType(found))) {
    const have = new Set(found.getInterfaces().map((i) => i.name));
    for (const iface of expected.getInterfaces()) {
      if (!have.has(iface.name)) problems.push(`${expected.name} does not implement ${iface.name}`);
    }
    const keys = keyFields(found);
    for (const key of keyFields(expected)) {
      if (!keys.includes(key)) problems.push(`${expected.name} lacks @key(fields: ${JSON.stringify(key)})`);
    }
    const fields = found.getFields();
    for (const field of Object.values(expected.getFields())) {
      const other = fields[field.name];
      if (!other) problems.push(`missing field ${expected.name}.${field.name}: ${String(field.type)}`);
      else problems.push(...compareField(`${expected.name}.${field.name}`, field, other));
    }
  } else if (isInputObjectType(expected) && isInputObjectType(found)) {
    const fields = found.getFields();
    for (const field of Object.values(expected.getFields())) {
      const other = fields[field.name];
      const path = `${expected.name}.${field.name}`;
      if (!other) problems.push(`missing input field ${path}: ${String(field.type)}`);
      else problems.push(...compareInput(path, field, other));
    }
  } else if (isEnumType(expected) && isEnumType(found)) {
    const values = new Set(found.getValues().map((v) => v.name));
    for (const value of expected.getValues()) {
      if (!values.has(value.name)) problems.push(`missing enum value ${expected.name}.${value.name}`);
    }
  } else if (isUnionType(expected) && isUnionType(found)) {
    const members = new Set(found.getTypes().map((t) => t.name));
    for (const member of expected.getTypes()) {
      if (!members.has(member.name)) problems.push(`union ${expected.name} lacks member ${member.name}`);
    }
  }
  return problems;
}

function compareField(
  path: string,
  expected: GraphQLField<unknown, unknown>,
  found: GraphQLField<unknown, unknown>,
): string[] {
  const problems: string[] = [];
  if (String(found.type) !== String(expected.type)) {
    problems.push(`${path} has type ${String(found.type)}, contract says ${String(expected.type)}`);
  }
  for (const arg of expected.args) {
    const other = found.args.find((a) => a.name === arg.name);
    if (!other) problems.push(`missing argument ${path}(${arg.name}: ${String(arg.type)})`);
    else problems.push(...compareInput(`${path}(${arg.name})`, arg, other));
  }
  return problems;
}

/** Arguments and input fields: same type; the contract's default, where it gives one. */
function compareInput(
  path: string,
  expected: GraphQLArgument | GraphQLInputField,
  found: GraphQLArgument | GraphQLInputField,
): string[] {
  const problems: string[] = [];
  if (String(found.type) !== String(expected.type)) {
    problems.push(`${path} has type ${String(found.type)}, contract says ${String(expected.type)}`);
  }
  if (expected.defaultValue !== undefined && !isDeepStrictEqual(found.defaultValue, expected.defaultValue)) {
    problems.push(
      `${path} defaults to ${JSON.stringify(found.defaultValue) ?? "nothing"}, contract says ${JSON.stringify(expected.defaultValue)}`,
    );
  }
  return problems;
}

/** The `fields` of every `@key` on the type's definition and extensions. */
function keyFields(type: GraphQLNamedType): string[] {
  const nodes = [type.astNode, ...(type.extensionASTNodes ?? [])];
  return nodes.flatMap((node) =>
    (node && "directives" in node ? (node.directives ?? []) : [])
      .filter((d) => d.name.value === "key")
      .flatMap((d) => d.arguments ?? [])
      .filter((a) => a.name.value === "fields" && a.value.kind === "StringValue")
      .map((a) => (a.value.kind === "StringValue" ? a.value.value.trim().replace(/\s+/g, " ") : "")),
  );
}

function kindOf(type: GraphQLNamedType): string {
  if (isObjectType(type)) return "type";
  if (isInterfaceType(type)) return "interface";
  if (isUnionType(type)) return "union";
  if (isEnumType(type)) return "enum";
  if (isInputObjectType(type)) return "input";
  return "scalar";
}

function rootName(schema: GraphQLSchema, root: "query" | "mutation" | "subscription"): string | undefined {
  const type = root === "query" ? schema.getQueryType() : root === "mutation" ? schema.getMutationType() : schema.getSubscriptionType();
  return type?.name;
}

/** The federation `@link` of an SDL's schema definition or extension: its url and imported names. */
export function federationLink(sdl: string): { url: string; imports: string[] } | null {
  for (const definition of parse(sdl).definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) continue;
    for (const directive of definition.directives ?? []) {
      const url = directive.arguments?.find((a) => a.name.value === "url")?.value;
      if (directive.name.value !== "link" || url?.kind !== Kind.STRING || !url.value.includes("/federation/")) continue;
      const imports = directive.arguments?.find((a) => a.name.value === "import")?.value;
      const names = imports?.kind === Kind.LIST ? imports.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : [];
      return { url: url.value, imports: names };
    }
  }
  return null;
}
