import { unwrapResolverError } from '@apollo/server/errors';
import { ASTNode, GraphQLError, GraphQLFormattedError, Kind, parse, ValueNode, visit } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';

import { ApiError } from '../errors/api-errors';
import { ErrorCode } from '../errors/error-codes';
import { Logger } from './logger';

const CONTRACT_CODES = new Set<string>(Object.values(ErrorCode));

/** Apollo/graphql-js codes for malformed requests, shown to clients as BAD_USER_INPUT. */
const REQUEST_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * The last look at every error before it leaves: contract codes only, and nothing from Neo4j,
 * Cypher or a stack trace. Errors we did not mean to show are logged and replaced.
 */
export function createFormatError(log: Logger): (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError {
  return (formatted, error) => {
    const original = unwrapResolverError(error);
    const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
    if (original instanceof ApiError) {
      if (
        original.extensions.code === ErrorCode.INTERNAL_SERVER_ERROR ||
        original.extensions.code === ErrorCode.SERVICE_UNAVAILABLE ||
        original.extensions.code === ErrorCode.TIMEOUT
      ) {
        const cause = (original as { cause?: unknown }).cause;
        if (cause !== undefined)
          log.error('query failed', { code: original.extensions.code, cause: describe(cause), path: formatted.path });
      }
      return { ...base, message: original.message, extensions: { ...original.extensions } };
    }
    const code = String(formatted.extensions?.code ?? '');
    if (
      original instanceof ArgumentValidationError ||
      (original !== null && typeof original === 'object' && (original as { name?: string }).name === 'ArgumentValidationError')
    ) {
      // The validation details hold the client's values and class internals: only the first problem's
      // path and message are shown.
      const problems = validationProblems((original as { extensions?: { validationErrors?: unknown } }).extensions?.validationErrors);
      if (problems.length === 0) return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
      const [first] = problems;
      const others = new Set(problems.map((problem) => problem.field)).size - 1;
      const more = others > 0 ? ` (and problems in ${others} more field${others > 1 ? 's' : ''})` : '';
      return {
        ...base,
        message: `${first.field}: ${first.message}${more}`,
        extensions: { code: ErrorCode.BAD_USER_INPUT, field: first.field },
      };
    }
    if (isTooComplex(error, formatted.message)) return { ...base, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
    if (REQUEST_CODES.has(code)) {
      const field = requestErrorField(formatted.message, error);
      if (field === undefined) return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
      return { ...base, message: namingField(field, formatted.message), extensions: { code: ErrorCode.BAD_USER_INPUT, field } };
    }
    if (CONTRACT_CODES.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) return { ...base, extensions: { code } };
    log.error('unexpected error', { error: describe(original), path: formatted.path });
    return {
      message: 'Something went wrong on our side; the error has been logged.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/**
 * A request over the shape limits (query-limits.ts): our validation rules' errors, which Apollo
 * re-labels GRAPHQL_VALIDATION_FAILED, or graphql-js giving up on a document past maxTokens.
 */
function isTooComplex(error: unknown, message: string): boolean {
  const inner = (error as { originalError?: unknown } | null)?.originalError;
  const codeOf = (value: unknown): unknown => (value as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return codeOf(inner) === ErrorCode.QUERY_TOO_COMPLEX || /Document contains more th(?:an|at) \d+ tokens/.test(message);
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** One failed check of a class-validator tree, with the path to its field (`input.relationships[2].validTo`). */
export interface ValidationProblem {
  field: string;
  message: string;
}

interface ValidationNode {
  property: string;
  constraints?: Record<string, string>;
  children?: unknown[];
}

const isValidationNode = (value: unknown): value is ValidationNode =>
  typeof value === 'object' && value !== null && typeof (value as { property?: unknown }).property === 'string';

/**
 * Flattens class-validator's ValidationError tree, depth first. Array items appear as numeric
 * properties and are written `[2]`; the root is the argument when mutation.resolver.ts named it.
 */
export function validationProblems(errors: unknown, parent = ''): ValidationProblem[] {
  if (!Array.isArray(errors)) return [];
  return errors.filter(isValidationNode).flatMap((node) => {
    const field = /^\d+$/.test(node.property)
      ? `${parent}[${node.property}]`
      : parent === ''
        ? node.property
        : `${parent}.${node.property}`;
    const own = Object.values(node.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...validationProblems(node.children, field)];
  });
}

/**
 * The input field a request-level error is about, when it can be told. graphql-js names it in the
 * message of a bad variable (`Variable "$input" got invalid value ... at "input.validFrom"; ...`: the
 * path in the variables as sent); for a bad literal in the query the error points at the value's node,
 * whose path is found by walking the query's arguments.
 */
export function requestErrorField(message: string, error: unknown): string | undefined {
  const missingField = /Field "(?:\w+\.)?(\w+)" (?:of required type "[^"]+" was not provided|is not defined by type)/.exec(message)?.[1];
  const within = (path: string): string =>
    missingField === undefined || path.endsWith(`.${missingField}`) ? path : `${path}.${missingField}`;
  const variable = /^Variable "\$(\w+)" (?:got invalid value [\s\S]*?(?: at "([\w.[\]]+)")?;|of (?:required|non-null) type)/.exec(message);
  if (variable !== null) return within(variable[2] ?? variable[1]);
  const argument = /argument "(\w+)" of type "[^"]+" is required/.exec(message)?.[1];
  if (argument !== undefined) return argument;
  if (!(error instanceof GraphQLError)) return undefined;
  const node = error.nodes?.[0];
  if (node === undefined || error.source === undefined) return undefined;
  const path = literalPath(error.source.body, node);
  return path === undefined ? undefined : within(path);
}

/**
 * The message of a request-level error, led by the field it is about. For a bad variable, graphql-js
 * echoes the whole value given before the reason; the field says where, so only the reason is kept.
 */
function namingField(field: string, message: string): string {
  const reason = /^Variable "\$\w+" got invalid value [\s\S]*?(?: at "[\w.[\]]+")?; ([\s\S]+)$/.exec(message)?.[1] ?? message;
  return `${field}: ${reason}`;
}

/** The argument path (`input.relationships[0].validTo`) of the literal `target` in the query text. */
function literalPath(query: string, target: ASTNode): string | undefined {
  const at = target.loc;
  if (at === undefined) return undefined;
  const same = (node: ASTNode): boolean => node.kind === target.kind && node.loc?.start === at.start && node.loc.end === at.end;
  const search = (value: ValueNode, path: string): string | undefined => {
    if (same(value)) return path;
    if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) {
        const found = same(field) ? `${path}.${field.name.value}` : search(field.value, `${path}.${field.name.value}`);
        if (found !== undefined) return found;
      }
    }
    if (value.kind === Kind.LIST) {
      for (const [i, item] of value.values.entries()) {
        const found = search(item, `${path}[${i}]`);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  let found: string | undefined;
  try {
    visit(parse(query), {
      Argument(node) {
        found ??= same(node) ? node.name.value : search(node.value, node.name.value);
      },
    });
  } catch {
    // A query that does not parse has no literal to point at.
    return undefined;
  }
  return found;
}
