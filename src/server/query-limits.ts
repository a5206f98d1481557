import { ASTVisitor, FragmentDefinitionNode, GraphQLError, Kind, SelectionSetNode, ValidationContext } from 'graphql';

import { ErrorCode } from '../errors/error-codes';

/** Limits on the shape of a request, checked before anything runs (so no Cypher either). */
export const QUERY_LIMITS = {
  /** Nesting of fields, fragments followed. */
  maxDepth: 8,
  /** Aliased fields in one document: each can be a separate traversal. */
  maxAliases: 15,
  /** Lexical tokens in one document (graphql-js stops parsing beyond it). */
  maxTokens: 2000,
} as const;

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });
}

/** Depth of a selection set, following fragment spreads once each (a cycle counts no deeper). */
function depthOf(set: SelectionSetNode | undefined, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (set === undefined) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      // Introspection (GraphiQL's schema query nests ofType deeply) is bounded by the schema itself.
      if (selection.name.value.startsWith('__')) continue;
      deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, fragments, seen) : 1);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && !seen.has(fragment.name.value)) {
        deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, new Set([...seen, fragment.name.value])));
      }
    }
  }
  return deepest;
}

/** A validation rule refusing operations nested deeper than `maxDepth` fields. */
export function depthLimitRule(maxDepth: number = QUERY_LIMITS.maxDepth): (context: ValidationContext) => ASTVisitor {
  return (context) => ({
    OperationDefinition(operation) {
      const fragments = new Map(
        context
          .getDocument()
          .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
          .map((d) => [d.name.value, d]),
      );
      const depth = depthOf(operation.selectionSet, fragments, new Set());
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
