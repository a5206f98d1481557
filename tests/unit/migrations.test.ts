import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { finalSchema, Migration, MIGRATIONS_DIR, readMigrations, splitStatements } from '../../src/db/migrations';
import { RELATIONSHIP_TYPES } from '../../src/domain/relationship-type';

/** Unit tests of the migration files and their reader; nothing here talks to Neo4j. */

describe('splitStatements', () => {
  it('splits on semicolons at the end of lines and trims', () => {
    expect(splitStatements('CREATE A;\nCREATE B;\n')).toEqual(['CREATE A', 'CREATE B']);
    expect(splitStatements('  CREATE A ;  \n\n\n   CREATE B;')).toEqual(['CREATE A', 'CREATE B']);
  });

  it('keeps a last statement without a semicolon', () => {
    expect(splitStatements('CREATE A;\nCREATE B')).toEqual(['CREATE A', 'CREATE B']);
    expect(splitStatements('CREATE A')).toEqual(['CREATE A']);
  });

  it('drops whole-line comments, indented or not', () => {
    const text = ['// header', 'CREATE A;', '   // indented comment', '// another', 'CREATE B;', '// trailer'].join('\n');
    expect(splitStatements(text)).toEqual(['CREATE A', 'CREATE B']);
  });

  it('keeps a statement spread over several lines in one piece, comments inside removed', () => {
    const text = [
      'CREATE FULLTEXT INDEX s IF NOT EXISTS FOR (e:Entity) ON EACH [e.name]',
      '  // why this analyzer',
      "OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard' } };",
      'CREATE B;',
    ].join('\n');
    const statements = splitStatements(text);
    expect(statements).toHaveLength(2);
    expect(statements[0]).toBe(
      "CREATE FULLTEXT INDEX s IF NOT EXISTS FOR (e:Entity) ON EACH [e.name]\nOPTIONS { indexConfig: { `fulltext.analyzer`: 'standard' } }",
    );
    expect(statements[1]).toBe('CREATE B');
  });

  it('does not split on a semicolon inside a line', () => {
    expect(splitStatements("RETURN 'a;b' AS x;\nRETURN 1;")).toEqual(["RETURN 'a;b' AS x", 'RETURN 1']);
  });

  it('keeps // that is not at the start of a line', () => {
    expect(splitStatements("MERGE (s:Source {url: 'https://caliber.az/x'});")).toEqual(["MERGE (s:Source {url: 'https://caliber.az/x'})"]);
  });

  it('reads Windows line endings like Unix ones', () => {
    expect(splitStatements('// c\r\nCREATE A;\r\nCREATE B;\r\n')).toEqual(['CREATE A', 'CREATE B']);
  });

  it('gives nothing for empty, blank or comment-only text', () => {
    expect(splitStatements('')).toEqual([]);
    expect(splitStatements('\n \n\t\n')).toEqual([]);
    expect(splitStatements('// only\n// comments\n')).toEqual([]);
    expect(splitStatements(';\n;\n')).toEqual([]);
  });
});

describe('readMigrations on a folder of files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'newsgraph-migrations-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads NNNN_name.cypher files in order and ignores everything else', () => {
    fs.writeFileSync(path.join(dir, '0002_second.cypher'), 'CREATE B;\n');
    fs.writeFileSync(path.join(dir, '0010_tenth.cypher'), 'CREATE J;\n');
    fs.writeFileSync(path.join(dir, '0001_first.cypher'), '// first\nCREATE A1;\nCREATE A2;\n');
    fs.writeFileSync(path.join(dir, 'README.md'), 'not a migration');
    fs.writeFileSync(path.join(dir, '0003_Bad-Name.cypher'), 'CREATE X;');
    fs.writeFileSync(path.join(dir, '0004_draft.cypher.bak'), 'CREATE X;');
    fs.writeFileSync(path.join(dir, '5_short.cypher'), 'CREATE X;');
    const migrations = readMigrations(dir);
    expect(migrations.map((m) => m.id)).toEqual(['0001_first', '0002_second', '0010_tenth']);
    expect(migrations[0].statements).toEqual(['CREATE A1', 'CREATE A2']);
  });

  it('checksums the whole file, so any edit (even to a comment) is noticed', () => {
    const file = path.join(dir, '0001_a.cypher');
    fs.writeFileSync(file, 'CREATE A;\n');
    const before = readMigrations(dir)[0].checksum;
    expect(readMigrations(dir)[0].checksum).toBe(before);
    fs.writeFileSync(file, '// note\nCREATE A;\n');
    const after = readMigrations(dir)[0].checksum;
    expect(after).not.toBe(before);
    expect(readMigrations(dir)[0].statements).toEqual(['CREATE A']);
  });
});

describe('the migrations in cypher/migrations', () => {
  let migrations: Migration[];
  beforeAll(() => {
    migrations = readMigrations();
  });

  const statements = (): string[] => migrations.flatMap((m) => m.statements);

  it('is read from the project folder by default', () => {
    expect(MIGRATIONS_DIR).toBe(path.resolve(__dirname, '../../cypher/migrations'));
    expect(migrations.length).toBeGreaterThan(0);
  });

  it('has ids in strictly increasing order with no repeated numbers', () => {
    const numbers = migrations.map((m) => Number(m.id.slice(0, 4)));
    expect(numbers[0]).toBeGreaterThan(0);
    numbers.slice(1).forEach((n, i) => expect(n).toBeGreaterThan(numbers[i]));
    expect(migrations.map((m) => m.id)).toEqual([...migrations.map((m) => m.id)].sort());
  });

  it('reads every .cypher file in the folder (none is silently skipped by the name pattern)', () => {
    const files = fs.readdirSync(MIGRATIONS_DIR).filter((name) => name.endsWith('.cypher'));
    expect(migrations.map((m) => `${m.id}.cypher`)).toEqual(files.sort());
  });

  it('has stable checksums: the sha-256 of each file, the same on every read', () => {
    const again = readMigrations();
    for (const [i, migration] of migrations.entries()) {
      const text = fs.readFileSync(path.join(MIGRATIONS_DIR, `${migration.id}.cypher`));
      expect(migration.checksum).toBe(createHash('sha256').update(text).digest('hex'));
      expect(again[i].checksum).toBe(migration.checksum);
    }
    expect(new Set(migrations.map((m) => m.checksum)).size).toBe(migrations.length);
  });

  it('has no empty migration and no comment left in a statement', () => {
    for (const migration of migrations) expect(migration.statements.length).toBeGreaterThan(0);
    for (const statement of statements()) {
      expect(statement.split('\n').some((line) => line.trim().startsWith('//'))).toBe(false);
      expect(statement.endsWith(';')).toBe(false);
    }
  });

  const schemaStatements = (): string[] => statements().filter((s) => s.startsWith('CREATE '));

  it('creates constraints and indexes only with IF NOT EXISTS, drops only with IF EXISTS, and changes data only as idempotent SETs (re-runnable)', () => {
    for (const statement of statements()) {
      if (statement.startsWith('CREATE ')) {
        expect(statement).toMatch(/^CREATE (CONSTRAINT|(RANGE |TEXT |POINT |FULLTEXT |VECTOR |LOOKUP )?INDEX) \w+ IF NOT EXISTS /);
      } else if (statement.startsWith('DROP ')) {
        expect(statement).toMatch(/^DROP (CONSTRAINT|INDEX) \w+ IF EXISTS$/);
      } else {
        expect(statement).toMatch(/^MATCH [^\n]+\nSET /);
        expect(statement).not.toMatch(/\b(CREATE|MERGE|DELETE|REMOVE)\b/);
      }
    }
  });

  it('backfills degrees over exactly the RelationshipType vocabulary', () => {
    const backfill = statements().find((s) => s.includes('e.degree = COUNT'));
    const types = /\[:([A-Z_|]+)\]/.exec(backfill ?? '')?.[1].split('|');
    expect(types?.sort()).toEqual([...RELATIONSHIP_TYPES].sort());
  });

  it('names every constraint and index once', () => {
    const names = schemaStatements().map((s) => /^CREATE [A-Z ]*?(?:CONSTRAINT|INDEX) (\w+)/.exec(s)?.[1]);
    expect(names).not.toContain(undefined);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has an id uniqueness constraint for every RelationshipType', () => {
    const constrained = new Set(
      statements()
        .map((s) => /^CREATE CONSTRAINT \w+ IF NOT EXISTS FOR \(\)-\[(\w+):(\w+)\]-\(\) REQUIRE (\w+)\.id IS RELATIONSHIP UNIQUE$/.exec(s))
        .filter((m): m is RegExpExecArray => m !== null && m[1] === m[3])
        .map((m) => m[2]),
    );
    const missing = RELATIONSHIP_TYPES.filter((type) => !constrained.has(type));
    expect(missing).toEqual([]);
  });

  it('has id uniqueness constraints on Entity and Source nodes', () => {
    const nodeUnique = statements()
      .map((s) => /^CREATE CONSTRAINT \w+ IF NOT EXISTS FOR \((\w+):(\w+)\) REQUIRE (\w+)\.id IS UNIQUE$/.exec(s))
      .filter((m): m is RegExpExecArray => m !== null && m[1] === m[3])
      .map((m) => m[2]);
    expect(nodeUnique).toEqual(expect.arrayContaining(['Entity', 'Source']));
  });

  it('has the fulltext index that search queries by name, over names, aliases, descriptions and search names', () => {
    const repository = fs.readFileSync(path.join(__dirname, '../../src/repositories/entity.repository.ts'), 'utf8');
    const queried = /db\.index\.fulltext\.queryNodes\('(\w+)'/.exec(repository)?.[1];
    expect(queried).toBe('entity_search_v2');
    const fulltext = statements().find((s) => s.startsWith(`CREATE FULLTEXT INDEX ${queried} `));
    expect(fulltext).toBeDefined();
    for (const field of ['e.name', 'e.aliasesText', 'e.description', 'e.searchNamesText']) expect(fulltext).toContain(field);
  });

  it('drops the fulltext index that entity_search_v2 replaces, after creating its replacement', () => {
    const all = statements();
    const created = all.findIndex((s) => s.startsWith('CREATE FULLTEXT INDEX entity_search_v2 '));
    const dropped = all.indexOf('DROP INDEX entity_search IF EXISTS');
    expect(created).toBeGreaterThanOrEqual(0);
    expect(dropped).toBeGreaterThan(created);
  });
});

describe('finalSchema (the offline importer creates it at once)', () => {
  const migration = (id: string, statements: string[]): Migration => ({ id, checksum: id, statements });

  it('keeps what is created and not dropped later, in creation order, and leaves data statements out', () => {
    const schema = finalSchema([
      migration('0001_a', ['CREATE CONSTRAINT a IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE']),
      migration('0002_b', ['CREATE FULLTEXT INDEX old IF NOT EXISTS FOR (e:Entity) ON EACH [e.name]', 'MATCH (e:Entity) SET e.x = 1']),
      migration('0003_c', ['CREATE FULLTEXT INDEX new IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.y]', 'DROP INDEX old IF EXISTS']),
    ]);
    expect(schema).toEqual([
      'CREATE CONSTRAINT a IF NOT EXISTS FOR (e:Entity) REQUIRE e.id IS UNIQUE',
      'CREATE FULLTEXT INDEX new IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.y]',
    ]);
  });

  it('refuses a statement it cannot classify (a new kind of migration must not be skipped unnoticed)', () => {
    expect(() => finalSchema([migration('0009_x', ['CALL db.something()'])])).toThrow(/0009_x: cannot tell whether/);
  });

  it('of the real migrations: every index and constraint but entity_search, no backfill', () => {
    const schema = finalSchema(readMigrations());
    const all = readMigrations().flatMap((m) => m.statements);
    const creates = all.filter((s) => /^CREATE /.test(s));
    expect(schema).toEqual(creates.filter((s) => !s.startsWith('CREATE FULLTEXT INDEX entity_search IF')));
    expect(schema.some((s) => s.startsWith('MATCH'))).toBe(false);
  });
});
