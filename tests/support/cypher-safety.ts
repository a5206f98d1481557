import path from 'node:path';

import ts from 'typescript';

/**
 * A static check, over the TypeScript program and its type checker, that Cypher text is never
 * assembled from client input. It finds every place where Cypher is built:
 *
 * - every argument passed as query text to the gateway (each function or method in
 *   src/db/gateway.ts with a parameter named `cypher`) and to neo4j-driver's own `run` and
 *   `executeQuery`;
 * - every template literal and string concatenation whose literal text holds a Cypher keyword.
 *
 * and proves each piece that varies safe. A piece is safe when it is a string, number or boolean
 * literal; a const (or a `let` whose every assignment is safe) whose initializer is safe; a
 * readonly property whose initializer is safe; an expression whose type is a number, a boolean,
 * a union of string literal types or a string enum; a call to a vetted fragment builder of
 * src/repositories/cypher-fragments.ts; a call to a function of our own whose every return value
 * is safe (its parameters judged by their declared types only); or a template, concatenation,
 * conditional or `.join` of safe pieces (arrays: literals of safe elements, enum arrays, `.map`
 * with a safe callback, with every `push` onto them safe). A cast is looked through: `text as
 * RelationshipType` is as unsafe as `text`. Anything else is a finding, named by file:line and
 * the expression.
 */

/** The Cypher keywords that mark a template or concatenation as Cypher text. */
export const CYPHER_KEYWORDS = ['MATCH', 'MERGE', 'CREATE', 'RETURN', 'UNWIND', 'CALL', 'SET', 'DELETE', 'WITH'] as const;
const KEYWORD = new RegExp(`\\b(${CYPHER_KEYWORDS.join('|')})\\b`);

export interface Finding {
  /** `path:line` of the unsafe piece, path relative to the project root. */
  at: string;
  file: string;
  line: number;
  /** The unsafe expression's source text. */
  expression: string;
  reason: string;
  /** Where the Cypher it flows into is built (a gateway call or a Cypher template), `path:line`. */
  site: string;
  /** The unsafe piece is a function parameter typed as plain string (text handed in by a caller). */
  stringParameter: boolean;
}

/** A place where the program hands query text to the gateway or the driver. */
export interface SinkCall {
  at: string;
  callee: string;
  argument: string;
}

/** A text source trusted by name, with the reason (for example Cypher files shipped with the code). */
export interface TrustedExpression {
  file: string;
  expression: string;
  why: string;
}

export interface CypherSafetyOptions {
  program: ts.Program;
  root: string;
  /** The files to check (usually every file under src/). */
  files: readonly ts.SourceFile[];
  /** The file that declares the gateway: its functions with a `cypher` parameter are the sinks. */
  gatewayFile: string;
  /** The fragment builders' file and the names of the vetted builders in it. */
  fragmentsFile: string;
  builders: readonly string[];
  trusted?: readonly TrustedExpression[];
  /**
   * Functions that turn data into escaped Cypher literals for OUTPUT text (the export script), never
   * for a query NewsGraph runs: a call to one counts as safe, and the file declaring it may not hand
   * anything to the gateway (checked, so the escaped text cannot become a query here).
   */
  escapers?: readonly TrustedEscaper[];
}

/** An output escaper trusted by file and function name, with the reason. */
export interface TrustedEscaper {
  file: string;
  name: string;
  why: string;
}

export interface CypherSafetyReport {
  sinkMethods: string[];
  sinks: SinkCall[];
  /** Templates and concatenations found by their Cypher keywords. */
  cypherTexts: string[];
  findings: Finding[];
  /** Trusted entries that matched something (an unused entry is stale). */
  trustedUsed: TrustedExpression[];
  /** Escapers that matched a call (an unused entry is stale). */
  escapersUsed: TrustedEscaper[];
}

interface Problem {
  node: ts.Node;
  reason: string;
  stringParameter?: boolean;
}

const SAFE_FLAGS =
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.StringLiteral |
  ts.TypeFlags.EnumLiteral |
  ts.TypeFlags.Null |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Void |
  ts.TypeFlags.Never;

/** The type-level marker a builder parameter uses to accept only a string literal written in code. */
const LITERAL_MARKERS = new Set(['CodeLiteral', 'TypeAlternation']);

function skipOuter(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  return current;
}

/** Runs the check over `options.files`. */
export function checkCypherSafety(options: CypherSafetyOptions): CypherSafetyReport {
  const { program, root } = options;
  const checker = program.getTypeChecker();
  const rel = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  const atOf = (node: ts.Node): string => {
    const sf = node.getSourceFile();
    return `${rel(sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  };
  const isOurs = (sf: ts.SourceFile): boolean => !sf.isDeclarationFile && !sf.fileName.includes(`${path.sep}node_modules${path.sep}`);
  const trustedUsed = new Set<TrustedExpression>();

  const resolveSymbol = (node: ts.Node): ts.Symbol | undefined => {
    const symbol = checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) return checker.getAliasedSymbol(symbol);
    return symbol;
  };

  // ---- types -------------------------------------------------------------------------------
  const isSafeType = (type: ts.Type, seen = new Set<ts.Type>()): boolean => {
    if (seen.has(type)) return true;
    seen.add(type);
    if (type.aliasSymbol && LITERAL_MARKERS.has(type.aliasSymbol.getName()) && declaredIn(type.aliasSymbol, options.fragmentsFile)) {
      return true;
    }
    if (type.flags & SAFE_FLAGS) return true;
    if (type.isUnion()) return type.types.every((member) => isSafeType(member, seen));
    if (type.isIntersection()) return type.types.some((member) => isSafeType(member, seen));
    if (type.flags & ts.TypeFlags.TypeParameter) {
      const constraint = checker.getBaseConstraintOfType(type);
      return constraint !== undefined && constraint !== type && isSafeType(constraint, seen);
    }
    return false;
  };
  const elementType = (type: ts.Type): ts.Type | undefined => {
    if (checker.isArrayType(type) || checker.isTupleType(type)) return checker.getIndexTypeOfType(type, ts.IndexKind.Number);
    const name = type.getSymbol()?.getName();
    if (name === 'ReadonlyArray' || name === 'Set' || name === 'ReadonlySet') return checker.getTypeArguments(type as ts.TypeReference)[0];
    return undefined;
  };
  const isSafeElementType = (type: ts.Type): boolean => {
    if (type.isUnion())
      return type.types.every((member) => member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined) || isSafeElementType(member));
    const element = elementType(type);
    return element !== undefined && isSafeType(element);
  };
  const declaredIn = (symbol: ts.Symbol, file: string): boolean =>
    (symbol.getDeclarations() ?? []).some((decl) => path.resolve(decl.getSourceFile().fileName) === path.resolve(file));

  // ---- builders and sinks ----------------------------------------------------------------------
  const calleeDeclaration = (call: ts.CallExpression): ts.Declaration | undefined => checker.getResolvedSignature(call)?.getDeclaration();
  const declarationName = (decl: ts.Declaration): string | undefined => {
    if ((ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl) || ts.isMethodSignature(decl)) && decl.name) {
      return decl.name.getText();
    }
    if ((ts.isArrowFunction(decl) || ts.isFunctionExpression(decl)) && ts.isVariableDeclaration(decl.parent))
      return decl.parent.name.getText();
    return undefined;
  };
  const escapersUsed = new Set<TrustedEscaper>();
  const isEscaperCall = (call: ts.CallExpression): boolean => {
    const decl = calleeDeclaration(call);
    if (!decl) return false;
    const name = declarationName(decl);
    const file = rel(decl.getSourceFile().fileName);
    const hit = options.escapers?.find((entry) => entry.file === file && entry.name === name);
    if (hit) escapersUsed.add(hit);
    return hit !== undefined;
  };
  const isBuilderCall = (call: ts.CallExpression): boolean => {
    const decl = calleeDeclaration(call);
    if (!decl) return false;
    const name = declarationName(decl);
    return (
      name !== undefined &&
      options.builders.includes(name) &&
      path.resolve(decl.getSourceFile().fileName) === path.resolve(options.fragmentsFile)
    );
  };
  /** The index of the query-text argument when `call` hands Cypher to the gateway or driver. */
  const sinkIndex = (call: ts.CallExpression): number | undefined => {
    const decl = calleeDeclaration(call);
    if (!decl || !('parameters' in decl)) return undefined;
    const params = (decl as ts.SignatureDeclaration).parameters;
    const file = path.resolve(decl.getSourceFile().fileName);
    if (file === path.resolve(options.gatewayFile)) {
      const index = params.findIndex((param) => param.name.getText() === 'cypher');
      return index >= 0 ? index : undefined;
    }
    const name = declarationName(decl);
    if (file.includes(`${path.sep}neo4j-driver`) && (name === 'run' || name === 'executeQuery')) return 0;
    return undefined;
  };
  const sinkMethods = new Set<string>();

  // ---- values ----------------------------------------------------------------------------------
  const memoized = (): ((node: ts.Node, compute: () => Problem[]) => Problem[]) => {
    const memo = new Map<ts.Node, Problem[]>();
    const active = new Set<ts.Node>();
    return (node, compute) => {
      const known = memo.get(node);
      if (known) return known;
      if (active.has(node)) return []; // a cycle adds nothing new: its other paths are checked
      active.add(node);
      const result = compute();
      active.delete(node);
      memo.set(node, result);
      return result;
    };
  };
  const guard = memoized();
  const guardArray = memoized();
  const trustedMatch = (node: ts.Node): boolean => {
    const file = rel(node.getSourceFile().fileName);
    const hit = options.trusted?.find((entry) => entry.file === file && entry.expression === node.getText());
    if (hit) trustedUsed.add(hit);
    return hit !== undefined;
  };
  const typeSafe = (node: ts.Expression): boolean => isSafeType(checker.getTypeAtLocation(node));
  const problem = (node: ts.Node, reason: string): Problem[] => [{ node, reason }];

  /** Every expression a function returns (not those of functions nested in it). */
  const returnsOf = (fn: ts.SignatureDeclaration): ts.Expression[] | undefined => {
    const body = (fn as ts.FunctionLikeDeclaration).body;
    if (!body) return undefined;
    if (!ts.isBlock(body)) return [body];
    const found: ts.Expression[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
    return found;
  };

  /** Expressions assigned to (or mutating, for arrays) the variable `symbol` anywhere in `scope`. */
  const writesTo = (symbol: ts.Symbol, scope: ts.Node): { assigned: ts.Expression[]; pushed: ts.Expression[]; other: ts.Node[] } => {
    const assigned: ts.Expression[] = [];
    const pushed: ts.Expression[] = [];
    const other: ts.Node[] = [];
    const visit = (node: ts.Node): void => {
      if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
        node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
      ) {
        const target = skipOuter(node.left);
        if (ts.isIdentifier(target) && resolveSymbol(target) === symbol) {
          if (node.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken) assigned.push(node.left);
          assigned.push(node.right);
        } else if (
          ts.isElementAccessExpression(target) &&
          ts.isIdentifier(skipOuter(target.expression)) &&
          resolveSymbol(skipOuter(target.expression)) === symbol
        ) {
          pushed.push(node.right);
        }
      }
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const receiver = skipOuter(node.expression.expression);
        const method = node.expression.name.text;
        if (ts.isIdentifier(receiver) && resolveSymbol(receiver) === symbol) {
          if (method === 'push' || method === 'unshift') pushed.push(...node.arguments);
          else if (method === 'splice') pushed.push(...node.arguments.slice(2));
          else if (method === 'fill' || method === 'copyWithin') other.push(node);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(scope);
    return { assigned, pushed, other };
  };

  const variableProblems = (decl: ts.VariableDeclaration, symbol: ts.Symbol, asArray: boolean): Problem[] => {
    const list = decl.parent;
    const value = asArray ? checkArray : checkValue;
    if (ts.isVariableDeclarationList(list) && ts.isForOfStatement(list.parent)) {
      return asArray ? problem(decl, 'an array taken from an iteration') : checkArray(list.parent.expression);
    }
    if (ts.isVariableDeclarationList(list) && ts.isForInStatement(list.parent)) return problem(decl, 'a for-in key');
    if (!ts.isIdentifier(decl.name)) return problem(decl, 'a destructured value');
    const isConst = ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0;
    const found: Problem[] = decl.initializer ? value(decl.initializer) : [];
    const scope = decl.getSourceFile();
    const writes = writesTo(symbol, scope);
    if (!isConst) for (const expression of writes.assigned) found.push(...value(expression));
    if (asArray) {
      for (const expression of writes.pushed) found.push(...checkValue(expression));
      for (const node of writes.other) found.push(...problem(node, 'an array mutated in a way this check does not follow'));
    }
    return found;
  };

  /** Problems of an expression used as a piece of Cypher text. */
  function checkValue(input: ts.Expression): Problem[] {
    const node = skipOuter(input);
    return guard(node, () => {
      if (trustedMatch(node)) return [];
      if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node))
        return checkValue(node.expression);
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isNumericLiteral(node)) return [];
      if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword)
        return [];
      if (ts.isTemplateExpression(node)) return node.templateSpans.flatMap((span) => checkValue(span.expression));
      if (ts.isConditionalExpression(node)) return [...checkValue(node.whenTrue), ...checkValue(node.whenFalse)];
      if (ts.isBinaryExpression(node)) {
        const op = node.operatorToken.kind;
        if (
          op === ts.SyntaxKind.PlusToken ||
          op === ts.SyntaxKind.QuestionQuestionToken ||
          op === ts.SyntaxKind.BarBarToken ||
          op === ts.SyntaxKind.AmpersandAmpersandToken
        ) {
          return [...checkValue(node.left), ...checkValue(node.right)];
        }
        if (op === ts.SyntaxKind.CommaToken) return checkValue(node.right);
        return typeSafe(node) ? [] : problem(node, 'an operator whose result is text');
      }
      if (ts.isIdentifier(node)) {
        if (node.text === 'undefined') return [];
        const symbol = resolveSymbol(node);
        const decl = symbol?.valueDeclaration ?? symbol?.getDeclarations()?.[0];
        if (symbol && decl && ts.isVariableDeclaration(decl)) return variableProblems(decl, symbol, false);
        if (typeSafe(node)) return [];
        if (decl && ts.isParameter(decl)) {
          const type = checker.getTypeAtLocation(node);
          return [
            {
              node,
              reason: `a parameter of type ${checker.typeToString(type)}`,
              stringParameter:
                (type.flags & ts.TypeFlags.String) !== 0 ||
                (type.isUnion() && type.types.some((t) => (t.flags & ts.TypeFlags.String) !== 0)),
            },
          ];
        }
        return problem(node, `a value of type ${checker.typeToString(checker.getTypeAtLocation(node))}`);
      }
      if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
        const symbol = resolveSymbol(ts.isPropertyAccessExpression(node) ? node.name : node.argumentExpression);
        const decl = symbol?.valueDeclaration;
        if (decl && ts.isPropertyDeclaration(decl) && decl.initializer && ts.getCombinedModifierFlags(decl) & ts.ModifierFlags.Readonly) {
          return checkValue(decl.initializer);
        }
        if (typeSafe(node)) return [];
        return problem(node, `a property of type ${checker.typeToString(checker.getTypeAtLocation(node))}`);
      }
      if (ts.isCallExpression(node)) {
        if (isBuilderCall(node) || isEscaperCall(node)) return [];
        if (typeSafe(node)) return [];
        const callee = node.expression;
        if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'join') {
          return [...checkArray(callee.expression), ...(node.arguments[0] ? checkValue(node.arguments[0]) : [])];
        }
        const decl = calleeDeclaration(node);
        const returns =
          decl && isOurs(decl.getSourceFile()) && 'parameters' in decl ? returnsOf(decl as ts.SignatureDeclaration) : undefined;
        if (returns) return returns.flatMap((expression) => checkValue(expression));
        return problem(node, 'a call whose result is not proven safe');
      }
      if (typeSafe(node)) return [];
      return problem(node, `an expression of type ${checker.typeToString(checker.getTypeAtLocation(node))}`);
    });
  }

  /** Problems of an array (or set) whose elements become pieces of Cypher text. */
  function checkArray(input: ts.Expression): Problem[] {
    const node = skipOuter(input);
    return guardArray(node, () => arrayProblems(node));
  }

  function arrayProblems(node: ts.Expression): Problem[] {
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node)) return checkArray(node.expression);
    if (ts.isArrayLiteralExpression(node)) {
      return node.elements.flatMap((element) => (ts.isSpreadElement(element) ? checkArray(element.expression) : checkValue(element)));
    }
    if (ts.isConditionalExpression(node)) return [...checkArray(node.whenTrue), ...checkArray(node.whenFalse)];
    if (ts.isIdentifier(node)) {
      const symbol = resolveSymbol(node);
      const decl = symbol?.valueDeclaration ?? symbol?.getDeclarations()?.[0];
      if (symbol && decl && ts.isVariableDeclaration(decl)) return variableProblems(decl, symbol, true);
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const callback = (arg: ts.Expression | undefined): Problem[] | undefined => {
        if (!arg) return undefined;
        const fn = skipOuter(arg);
        if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) return (returnsOf(fn) ?? []).flatMap((e) => checkValue(e));
        if (ts.isIdentifier(fn) || ts.isPropertyAccessExpression(fn)) {
          const decl = resolveSymbol(ts.isIdentifier(fn) ? fn : fn.name)?.valueDeclaration;
          const target = decl && ts.isVariableDeclaration(decl) ? decl.initializer : decl;
          if (target && (ts.isFunctionDeclaration(target) || ts.isArrowFunction(target) || ts.isFunctionExpression(target))) {
            if (isOurs(target.getSourceFile())) return (returnsOf(target) ?? []).flatMap((e) => checkValue(e));
          }
        }
        return problem(fn, 'a callback that is not proven to return safe text');
      };
      if (ts.isPropertyAccessExpression(callee)) {
        const method = callee.name.text;
        if (method === 'map' || method === 'flatMap') return callback(node.arguments[0]) ?? problem(node, 'a map without callback');
        if (['filter', 'slice', 'sort', 'reverse', 'toSorted', 'toReversed'].includes(method)) return checkArray(callee.expression);
        if (method === 'concat') return [...checkArray(callee.expression), ...node.arguments.flatMap((arg) => checkArray(arg))];
        if (method === 'from' && ts.isIdentifier(callee.expression) && callee.expression.text === 'Array') {
          return callback(node.arguments[1]) ?? checkArray(node.arguments[0]);
        }
      }
    }
    if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Set') {
      return node.arguments?.[0] ? checkArray(node.arguments[0]) : [];
    }
    if (isSafeElementType(checker.getTypeAtLocation(node))) return [];
    if (trustedMatch(node)) return [];
    return problem(node, `an array of type ${checker.typeToString(checker.getTypeAtLocation(node))}`);
  }

  // ---- walk ------------------------------------------------------------------------------------
  const findings: Finding[] = [];
  const reported = new Set<string>();
  const sinks: SinkCall[] = [];
  const cypherTexts: string[] = [];
  const report = (problems: Problem[], site: ts.Node): void => {
    for (const p of problems) {
      const sf = p.node.getSourceFile();
      const line = sf.getLineAndCharacterOfPosition(p.node.getStart()).line + 1;
      const file = rel(sf.fileName);
      const key = `${file}:${line}:${p.node.getText()}:${atOf(site)}`;
      if (reported.has(key)) continue;
      reported.add(key);
      findings.push({
        at: `${file}:${line}`,
        file,
        line,
        expression: p.node.getText(),
        reason: p.reason,
        site: atOf(site),
        stringParameter: p.stringParameter === true,
      });
    }
  };
  const literalText = (node: ts.Node): string => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
    return '';
  };
  /** The operands of a chain of `+`. */
  const plusOperands = (node: ts.Expression): ts.Expression[] => {
    const inner = skipOuter(node);
    if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.PlusToken)
      return [...plusOperands(inner.left), ...plusOperands(inner.right)];
    return [inner];
  };
  /** A parameter named `cypher` of an enclosing function in the gateway: the gateway passing its own argument on. */
  const isGatewayForwarding = (arg: ts.Expression): boolean => {
    const node = skipOuter(arg);
    if (!ts.isIdentifier(node) || path.resolve(node.getSourceFile().fileName) !== path.resolve(options.gatewayFile)) return false;
    const decl = resolveSymbol(node)?.valueDeclaration;
    return decl !== undefined && ts.isParameter(decl) && decl.name.getText() === 'cypher';
  };

  for (const sf of options.files) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const index = sinkIndex(node);
        if (index !== undefined && node.arguments[index]) {
          const decl = calleeDeclaration(node);
          const callee = decl
            ? `${rel(decl.getSourceFile().fileName).replace(/^.*node_modules\//, '')}#${declarationName(decl) ?? '?'}`
            : '?';
          sinkMethods.add(callee);
          const argument = node.arguments[index];
          sinks.push({ at: atOf(node), callee, argument: argument.getText() });
          if (!isGatewayForwarding(argument)) report(checkValue(argument), node);
        }
      }
      if (ts.isTemplateExpression(node) && KEYWORD.test(literalText(node))) {
        cypherTexts.push(atOf(node));
        report(checkValue(node), node);
      }
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
        const parent = skipParentParens(node);
        const isTop = !(ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.PlusToken);
        const operands = plusOperands(node);
        if (isTop && operands.some((operand) => KEYWORD.test(literalText(operand)))) {
          cypherTexts.push(atOf(node));
          report(
            operands.flatMap((operand) => checkValue(operand)),
            node,
          );
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }

  return {
    sinkMethods: [...sinkMethods].sort(),
    sinks,
    cypherTexts,
    findings,
    trustedUsed: [...trustedUsed],
    escapersUsed: [...escapersUsed],
  };
}

function skipParentParens(node: ts.Node): ts.Node {
  let parent = node.parent;
  while (parent && ts.isParenthesizedExpression(parent)) parent = parent.parent;
  return parent;
}

/** Problems in a vetted builder's signature: each parameter must be an enum, a number, a literal union or a literal-only marker. */
export function builderSignatureProblems(program: ts.Program, fragmentsFile: string, builders: readonly string[]): string[] {
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(fragmentsFile);
  if (!sf) return [`${fragmentsFile} is not in the program`];
  const problems: string[] = [];
  const found = new Map<string, ts.SignatureDeclaration>();
  ts.forEachChild(sf, (node) => {
    if (ts.isFunctionDeclaration(node) && node.name) found.set(node.name.text, node);
  });
  const isSafeParam = (type: ts.Type): boolean => {
    if (type.aliasSymbol && LITERAL_MARKERS.has(type.aliasSymbol.getName())) return true;
    if (type.flags & SAFE_FLAGS) return true;
    if (type.isUnion()) return type.types.every(isSafeParam);
    if (type.isIntersection()) return type.types.some(isSafeParam);
    if (checker.isArrayType(type) || checker.isTupleType(type)) {
      const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
      return element !== undefined && isSafeParam(element);
    }
    if (type.getSymbol()?.getName() === 'ReadonlyArray') return isSafeParam(checker.getTypeArguments(type as ts.TypeReference)[0]);
    return false;
  };
  for (const name of builders) {
    const decl = found.get(name);
    if (!decl) {
      problems.push(`vetted builder ${name} is not a function declared in ${path.basename(fragmentsFile)}`);
      continue;
    }
    for (const param of decl.parameters) {
      const type = checker.getTypeAtLocation(param);
      if (!isSafeParam(type))
        problems.push(
          `${name}(${param.name.getText()}: ${checker.typeToString(type)}) takes text that is not an enum, a number or a code literal`,
        );
    }
  }
  return problems;
}
