import {
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getVariableValues,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  parse,
} from 'graphql';

import { PlanInfo } from './planner';

/** A root field of a document, as a resolver would see it: what the planner needs, and the field's coerced arguments. */
export interface RootField {
  info: PlanInfo;
  name: string;
  args: Record<string, unknown>;
}

/**
 * The root fields of a query document with variables, without executing it (golden tests,
 * EXPLAIN checks, benchmarks of the compile cost). Throws on invalid variables.
 */
export function rootFields(schema: GraphQLSchema, query: string, variables: Record<string, unknown> = {}): RootField[] {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operation === undefined) throw new Error('No operation in the document');
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw new Error(coerced.errors.map((error) => error.message).join('; '));
  const variableValues = coerced.coerced;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  const queryType = schema.getQueryType();
  if (!queryType) throw new Error('No query type');
  const fields = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
  return fields.map((node) => {
    const field = queryType.getFields()[node.name.value];
    if (field === undefined) throw new Error(`Query.${node.name.value} is not a field`);
    return {
      info: { schema, fragments, variableValues, fieldNodes: [node] },
      name: node.name.value,
      args: getArgumentValues(field, node, variableValues),
    };
  });
}
