import type { ApolloServerPlugin } from '@apollo/server';
import {
  ASTVisitor,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLError,
  GraphQLNamedType,
  GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  SelectionSetNode,
  ValidationContext,
  visit,
} from 'graphql';

import { ErrorCode } from '../errors/error-codes';

/** Limits on the shape of a request, checked before anything runs (so no Cypher either). */
export const QUERY_LIMITS = {
  /** Nesting of fields, fragments followed; the Relay wrappers edges, node and pageInfo are not levels. */
  maxDepth: 8,
  /** Aliased fields in one document: each can be a separate traversal. */
  maxAliases: 15,
  /** Lexical tokens in one document (graphql-js stops parsing beyond it). */
  maxTokens: 2000,
  /**
   * Directives in one document, repeated ones counted each time. Queries can only use @include and
   * @skip (the schema declares no others), one per optional part; hundreds of them on one field is
   * the "directive overloading" attack, which makes validation report an error per repetition.
   */
  maxDirectives: 10,
  /**
   * The estimated cost of one operation (src/graphql/complexity.ts: about one unit per value the answer
   * may hold; lists count as their page size, traversals by depth and limit). The heaviest queries of
   * the explorer and the README cost about 2,800 (tests/unit/cost-limit.test.ts keeps every one under a
   * third of the maximum); 15 neighbourhoods of depth 3 with limit 500, or a page of 100 relationships
   * with a page of 100 below each, cost 37,515 and 20,402.
   */
  maxCost: 10_000,
  /** Fields visited while estimating the cost, fragments expanded each time they are spread. */
  maxCostNodes: 10_000,
  /** The request body (JSON), in bytes: 413 above it. */
  maxBodyBytes: 1024 * 1024,
} as const;

export function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });
}

/**
 * Whether `field` of `parent` is a Relay wrapper (`edges` and `pageInfo` of a connection, `node` of
 * an edge): users do not count those as levels, so neither does the depth limit. The cost limit still
 * bounds the work of what lies below them.
 */
function isRelayWrapper(parent: GraphQLNamedType | undefined, field: string): boolean {
  if (!isObjectType(parent)) return false;
  const fields = parent.getFields();
  if (field === 'node') return 'cursor' in fields && 'node' in fields;
  if (field === 'edges' || field === 'pageInfo') return 'edges' in fields && 'pageInfo' in fields;
  return false;
}

/**
 * Depth of a selection set on `parent`, following fragment spreads. Each fragment's depth is worked
 * out once (`known`), so a document that spreads fragments in a doubling chain stays linear; a
 * spread back into a fragment being measured (a cycle, refused by validation anyway) counts no deeper.
 */
function depthOf(
  set: SelectionSetNode | undefined,
  parent: GraphQLNamedType | undefined,
  schema: GraphQLSchema,
  fragments: Map<string, FragmentDefinitionNode>,
  known: Map<string, number>,
  measuring: Set<string>,
): number {
  if (set === undefined) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      // Introspection (GraphiQL's schema query nests ofType deeply) is bounded by the schema itself.
      if (name.startsWith('__')) continue;
      const definition = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
      const type = definition ? getNamedType(definition.type) : undefined;
      const own = isRelayWrapper(parent, name) ? 0 : 1;
      deepest = Math.max(deepest, own + depthOf(selection.selectionSet, type, schema, fragments, known, measuring));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
      deepest = Math.max(deepest, depthOf(selection.selectionSet, type, schema, fragments, known, measuring));
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (fragment === undefined || measuring.has(name)) continue;
      if (!known.has(name)) {
        measuring.add(name);
        const type = schema.getType(fragment.typeCondition.name.value);
        known.set(name, depthOf(fragment.selectionSet, type, schema, fragments, known, measuring));
        measuring.delete(name);
      }
      deepest = Math.max(deepest, known.get(name) ?? 0);
    }
  }
  return deepest;
}

/**
 * A validation rule refusing operations nested deeper than `maxDepth` fields, the Relay wrappers
 * `edges`, `node` and `pageInfo` not counted (see isRelayWrapper).
 */
export function depthLimitRule(maxDepth: number = QUERY_LIMITS.maxDepth): (context: ValidationContext) => ASTVisitor {
  return (context) => ({
    OperationDefinition(operation) {
      const fragments = new Map(
        context
          .getDocument()
          .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
          .map((d) => [d.name.value, d]),
      );
      const schema = context.getSchema();
      const root = schema.getRootType(operation.operation) ?? undefined;
      const depth = depthOf(operation.selectionSet, root, schema, fragments, new Map(), new Set());
      if (depth > maxDepth) {
        context.reportError(
          tooComplex(`The query is nested ${depth} levels deep; at most ${maxDepth} are allowed. Split it into several requests.`),
        );
      }
    },
  });
}

/** A validation rule refusing documents with more than `maxAliases` aliased fields. */
export function aliasLimitRule(maxAliases: number = QUERY_LIMITS.maxAliases): (context: ValidationContext) => ASTVisitor {
  return (context) => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases += 1;
      },
      Document: {
        leave() {
          if (aliases > maxAliases)
            context.reportError(tooComplex(`The query uses ${aliases} aliases; at most ${maxAliases} are allowed.`));
        },
      },
    };
  };
}

/**
 * A validation rule refusing documents with more than `maxDirectives` directives. It counts the whole
 * document when validation starts, before graphql-js's own rules visit the fields (one of which
 * reports every repeated directive), so the answer to an overloaded document is this one error.
 */
export function directiveLimitRule(maxDirectives: number = QUERY_LIMITS.maxDirectives): (context: ValidationContext) => ASTVisitor {
  return (context) => ({
    Document(document) {
      let directives = 0;
      visit(document, {
        Directive() {
          directives += 1;
        },
      });
      if (directives > maxDirectives)
        context.reportError(tooComplex(`The query uses ${directives} directives; at most ${maxDirectives} are allowed.`));
    },
  });
}

const isTooComplex = (error: Error): boolean => error instanceof GraphQLError && error.extensions.code === ErrorCode.QUERY_TOO_COMPLEX;

/**
 * When a document is over a shape limit, its answer names only the limits it is over: graphql-js's
 * own complaints about the same document (one per repeated directive, say) are dropped. Apollo
 * passes the validation errors to this hook before it answers with them.
 */
export function limitErrorsOnlyPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async validationDidStart() {
          return async (errors?: readonly Error[]) => {
            if (errors === undefined || !errors.some(isTooComplex)) return;
            const kept = errors.filter(isTooComplex);
            (errors as Error[]).splice(0, errors.length, ...kept);
          };
        },
      };
    },
  };
}
