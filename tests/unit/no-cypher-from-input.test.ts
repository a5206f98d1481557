import path from 'node:path';

import ts from 'typescript';

import {
  builderSignatureProblems,
  checkCypherSafety,
  CypherSafetyReport,
  Finding,
  TrustedEscaper,
  TrustedExpression,
} from '../support/cypher-safety';

/**
 * A static guarantee: no Cypher text in src/ is assembled from client input. The TypeScript
 * program of tsconfig.json is walked with its type checker (see tests/support/cypher-safety.ts for
 * the rules); every query text handed to the gateway and every Cypher-looking template or
 * concatenation must be built only from literals, enums, numbers and the vetted fragment
 * builders. New files under src/ are checked automatically. The same checker is run over
 * deliberately unsafe samples, so this test is shown to fail when it should.
 */

const ROOT = path.resolve(__dirname, '../..');
const SRC = path.join(ROOT, 'src') + path.sep;
const GATEWAY = path.join(ROOT, 'src/db/gateway.ts');
const FRAGMENTS = path.join(ROOT, 'src/repositories/cypher-fragments.ts');

/** The vetted fragment builders: the only functions whose output may vary Cypher beyond literals. */
// statusFilter: the review-status predicate of a relationship variable (a checked code literal; values go in $status).
// relationshipTotal, relationshipRows: a relationships connection's total and page rows (code-literal variables and parameter names, enums).
// timelineEvents, timelinePageOf, commonNeighborsMatch: the timeline's and common neighbours' definitions (code-literal variables and parameter names).
const BUILDERS = [
  'typeAlternation',
  'kindLabel',
  'relPattern',
  'validAt',
  'existsAt',
  'entityProjection',
  'statusFilter',
  'nameContainsFilter',
  'relationshipTotal',
  'relationshipRows',
  'timelineEvents',
  'timelinePageOf',
  'commonNeighborsMatch',
] as const;

/** Text that is Cypher but comes from files shipped with the code, never from a client. */
const TRUSTED: TrustedExpression[] = [
  {
    file: 'src/db/migrations.ts',
    expression: 'statement',
    why: 'a statement of cypher/migrations/*.cypher, files in the repository applied at start-up',
  },
  {
    file: 'src/repositories/planned-read.repository.ts',
    expression: 'read.cypher',
    why: "a statement of the read planner, taken from its cache by plan shape: made only by renderStatement (src/planner/render.ts), whose every template this test checks as Cypher text (see 'checks the planner's statement text' below)",
  },
];

/**
 * Escapers of the `export --format cypher` writer: they turn stored data into escaped Cypher
 * literals in a script FILE for cypher-shell, never into a query NewsGraph runs (their file may not
 * reach the gateway, checked below). Their escaping is tested in tests/unit/export-writers.test.ts
 * and by running an exported script of hostile text in tests/integration/export.int.test.ts.
 */
const ESCAPERS: TrustedEscaper[] = ['cypherString', 'cypherKey', 'cypherValue'].map((name) => ({
  file: 'src/services/export/cypher.writer.ts',
  name,
  why: 'escapes stored data into literals of an exported script file',
}));

const SAMPLES_DIR = path.join(ROOT, 'tests/unit/__cypher_samples__');
const UNSAFE_SAMPLE = path.join(SAMPLES_DIR, 'unsafe.repository.ts');
const SAFE_SAMPLE = path.join(SAMPLES_DIR, 'safe.repository.ts');

/** Each line marked UNSAFE must be reported; nothing else may be. */
const UNSAFE_SOURCE = `import { Neo4jGateway, TxRunner } from '../../../src/db/gateway';
import { RelationshipType } from '../../../src/domain/relationship-type';

export class UnsafeRepository {
  text = 'MATCH (n) RETURN n';

  constructor(private readonly gateway: Neo4jGateway) {}

  byName(name: string) {
    return this.gateway.read(\`MATCH (e:Entity {name: '\${name}'}) RETURN e\`); // UNSAFE
  }

  concatenated(tx: TxRunner, name: string) {
    return tx.run('MATCH (e:Entity) WHERE e.name = "' + name + '" RETURN e'); // UNSAFE
  }

  reassigned(name: string, filter: boolean) {
    let query = 'MATCH (e:Entity) RETURN e';
    if (filter) query = \`MATCH (e:Entity {name: '\${name}'}) RETURN e\`; // UNSAFE
    return this.gateway.read(query);
  }

  laundered(type: string) {
    return this.gateway.read(\`MATCH ()-[r:\${type as RelationshipType}]->() RETURN r\`); // UNSAFE
  }

  joined(extra: string) {
    const clauses = ['MATCH (e:Entity)'];
    clauses.push(extra); // UNSAFE
    clauses.push('RETURN e');
    return this.gateway.read(clauses.join(' '));
  }

  viaHelper(field: string) {
    const where = (f: string): string => \`WHERE e.\${f} IS NOT NULL\`; // UNSAFE
    return this.gateway.read(\`MATCH (e:Entity) \${where(field)} RETURN e\`);
  }

  passedThrough(cypher: string) {
    return this.gateway.write(cypher); // UNSAFE
  }

  fromMutableProperty() {
    return this.gateway.read(this.text); // UNSAFE
  }

  mapped(names: string[]) {
    return this.gateway.read(\`UNWIND [\${names.map((n) => \`'\${n}'\`).join(',')}] AS x RETURN x\`); // UNSAFE
  }
}

/** Never handed to the gateway here, but Cypher built from an argument all the same. */
export const deleteByName = (name: string): string => \`MATCH (n {name: '\${name}'}) DETACH DELETE n\`; // UNSAFE
`;

/** Every rule that admits a piece, exercised once: must give no finding. */
const SAFE_SOURCE = `import { Neo4jGateway, TxRunner } from '../../../src/db/gateway';
import { EntityKind } from '../../../src/domain/entity-kind';
import { RelationshipType } from '../../../src/domain/relationship-type';
import { entityProjection, kindLabel, typeAlternation } from '../../../src/repositories/cypher-fragments';

const RETURNED = 'RETURN';

export class SafeRepository {
  static readonly BASE = 'MATCH (e:Entity)';

  constructor(private readonly gateway: Neo4jGateway) {}

  byType(type: RelationshipType, kind: EntityKind, depth: number, id: string) {
    const label = kindLabel(kind);
    const hops = Math.min(3, Math.max(1, Math.trunc(depth)));
    return this.gateway.read(
      \`\${SafeRepository.BASE} MATCH (e)-[r:\${typeAlternation([type])}*1..\${hops}]->(o:\${label})
       WHERE e.id = $id AND o.kind = '\${kind}' \${RETURNED} \${entityProjection('o')}\`,
      { id },
    );
  }

  stats(tx: TxRunner) {
    const parts = Object.values(RelationshipType).map((t) => \`COUNT { ()-[:\${t}]->() } AS \${t}\`);
    let prefix = 'RETURN';
    if (parts.length > 1) prefix = 'RETURN DISTINCT';
    const clauses = ['MATCH (n)'];
    clauses.push(\`\${prefix} count(n) AS n, \${parts.join(', ')}\`);
    return tx.run(clauses.join(' '));
  }
}
`;

interface Checked {
  program: ts.Program;
  src: CypherSafetyReport;
  unsafe: CypherSafetyReport;
  safe: CypherSafetyReport;
}

/** One program over tsconfig.json plus the two in-memory samples; the checker runs over each file set. */
function buildAndCheck(): Checked {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!parsed) throw new Error('tsconfig.json could not be read');
  const virtual = new Map([
    [UNSAFE_SAMPLE, UNSAFE_SOURCE],
    [SAFE_SAMPLE, SAFE_SOURCE],
  ]);
  const host = ts.createCompilerHost(parsed.options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, language, onError, shouldCreate) => {
    const text = virtual.get(path.resolve(fileName));
    return text === undefined
      ? getSourceFile.call(host, fileName, language, onError, shouldCreate)
      : ts.createSourceFile(fileName, text, language, true);
  };
  host.fileExists = (fileName) => virtual.has(path.resolve(fileName)) || fileExists.call(host, fileName);
  host.readFile = (fileName) => virtual.get(path.resolve(fileName)) ?? readFile.call(host, fileName);
  const program = ts.createProgram({ rootNames: [...parsed.fileNames, ...virtual.keys()], options: parsed.options, host });
  program.getTypeChecker();
  const base = { program, root: ROOT, gatewayFile: GATEWAY, fragmentsFile: FRAGMENTS, builders: BUILDERS };
  const sourceFile = (file: string): ts.SourceFile => {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`${file} is not in the program`);
    return sf;
  };
  const srcFiles = program.getSourceFiles().filter((sf) => path.resolve(sf.fileName).startsWith(SRC));
  return {
    program,
    src: checkCypherSafety({ ...base, files: srcFiles, trusted: TRUSTED, escapers: ESCAPERS }),
    unsafe: checkCypherSafety({ ...base, files: [sourceFile(UNSAFE_SAMPLE)] }),
    safe: checkCypherSafety({ ...base, files: [sourceFile(SAFE_SAMPLE)] }),
  };
}

/** The 1-based line of the unsafe sample holding `snippet`. */
const sampleLine = (snippet: string): number => UNSAFE_SOURCE.split('\n').findIndex((line) => line.includes(snippet)) + 1;

const describeFinding = (f: Finding): string => `${f.at}: \`${f.expression}\` (${f.reason}) flows into the Cypher built at ${f.site}`;

let checked: Checked;

beforeAll(() => {
  checked = buildAndCheck();
}, 120_000);

describe('the checker', () => {
  it('reports every unsafe piece of a deliberately bad sample, by file:line and expression, and nothing else', () => {
    const marked = UNSAFE_SOURCE.split('\n').flatMap((line, index) => (line.includes('// UNSAFE') ? [index + 1] : []));
    expect(marked.length).toBe(10);
    const lines = [...new Set(checked.unsafe.findings.map((f) => f.line))].sort((a, b) => a - b);
    expect(lines).toEqual(marked);
    const rendered = checked.unsafe.findings.map(describeFinding);
    const sample = 'tests/unit/__cypher_samples__/unsafe.repository.ts';
    expect(rendered).toContain(
      `${sample}:${sampleLine("{name: '${name}'}) RETURN e`); // UNSAFE")}: \`name\` (a parameter of type string) flows into the Cypher built at ${sample}:${sampleLine("{name: '${name}'}) RETURN e`); // UNSAFE")}`,
    );
    // The cast to the enum is looked through: the text it casts is what counts.
    expect(rendered).toContainEqual(
      expect.stringContaining(`:${sampleLine('type as RelationshipType')}: \`type\` (a parameter of type string)`),
    );
    expect(rendered).toContainEqual(
      expect.stringContaining(`:${sampleLine('read(this.text)')}: \`this.text\` (a property of type string)`),
    );
  });

  it('tells a plain string parameter handed in as query text', () => {
    const passed = checked.unsafe.findings.filter((f) => f.stringParameter && f.expression === 'cypher');
    expect(passed.map((f) => f.line)).toEqual([sampleLine('write(cypher)')]);
  });

  it('finds the sample Cypher that never reaches the gateway by its keywords', () => {
    const line = sampleLine('DETACH DELETE n');
    expect(checked.unsafe.cypherTexts).toContain(`tests/unit/__cypher_samples__/unsafe.repository.ts:${line}`);
    expect(checked.unsafe.findings.filter((f) => f.site.endsWith(`:${line}`)).map((f) => f.expression)).toEqual(['name']);
    expect(checked.unsafe.sinks.map((sink) => sink.at)).not.toContainEqual(expect.stringMatching(new RegExp(`:${line}$`)));
  });

  it('admits literals, consts, enums, numbers, vetted builders and joins of them', () => {
    expect(checked.safe.findings.map(describeFinding)).toEqual([]);
    expect(checked.safe.sinks).toHaveLength(2);
  });
});

describe('src/', () => {
  it('builds no Cypher from anything but literals, enums, integers and vetted fragment builders', () => {
    expect(checked.src.findings.map(describeFinding)).toEqual([]);
  });

  it('finds the gateway methods that take Cypher, and the calls to them', () => {
    expect(checked.src.sinkMethods).toEqual(
      expect.arrayContaining(['src/db/gateway.ts#read', 'src/db/gateway.ts#write', 'src/db/gateway.ts#run']),
    );
    expect(checked.src.sinks.filter((sink) => !sink.at.startsWith('src/db/gateway.ts')).length).toBeGreaterThan(30);
    expect(checked.src.cypherTexts.length).toBeGreaterThan(20);
  });

  it("checks the planner's statement text where it is built", () => {
    // The planner's statements reach the gateway from its cache (trusted above): each template of
    // src/planner/render.ts holds a Cypher keyword, so the walk above checks every piece of them.
    const planner = checked.src.cypherTexts.filter((at) => at.startsWith('src/planner/render.ts:'));
    expect(planner.length).toBeGreaterThan(10);
  });

  it('never hands the gateway a plain string parameter as query text', () => {
    expect(checked.src.findings.filter((f) => f.stringParameter).map(describeFinding)).toEqual([]);
  });

  it('passes query text to the gateway only from repositories and the migration runner, never from resolvers or services', () => {
    const places = checked.src.sinks.map((sink) => sink.at.replace(/:\d+$/, ''));
    const outside = places.filter(
      (file) => !/^src\/repositories\//.test(file) && !/^src\/db\//.test(file) && file !== 'src/local-neo4j/local-neo4j.ts',
    );
    expect(outside).toEqual([]);
  });

  it('trusts the export script escapers only where no query text reaches the gateway', () => {
    const escaperFiles = new Set(ESCAPERS.map((entry) => entry.file));
    expect(checked.src.sinks.filter((sink) => escaperFiles.has(sink.at.replace(/:\d+$/, '')))).toEqual([]);
    expect(checked.src.escapersUsed.map((entry) => entry.name).sort()).toEqual(ESCAPERS.map((entry) => entry.name).sort());
  });

  it('has no stale trusted entry', () => {
    expect(checked.src.trustedUsed.map((entry) => `${entry.file}: ${entry.expression}`).sort()).toEqual(
      TRUSTED.map((entry) => `${entry.file}: ${entry.expression}`).sort(),
    );
  });
});

describe('the vetted fragment builders', () => {
  it('take only enums, integers and literals written in code (per the type checker)', () => {
    expect(builderSignatureProblems(checked.program, FRAGMENTS, BUILDERS)).toEqual([]);
  });

  it('are every function cypher-fragments.ts exports (a new builder must be vetted here)', () => {
    const sf = checked.program.getSourceFile(FRAGMENTS);
    const exported: string[] = [];
    if (sf) {
      ts.forEachChild(sf, (node) => {
        if (ts.isFunctionDeclaration(node) && node.name && ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export)
          exported.push(node.name.text);
      });
    }
    expect(exported.sort()).toEqual([...BUILDERS].sort());
  });
});
