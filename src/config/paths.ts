import fs from 'node:fs';
import path from 'node:path';

/** The project root (the folder holding package.json), whether running from src/ or dist/src/. */
export function projectRoot(from: string = __dirname): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const CYPHER_DIR = path.join(projectRoot(), 'cypher');
export const SCHEMA_FILE = path.join(projectRoot(), 'schema', 'schema.graphql');
