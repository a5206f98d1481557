import { ensureJars, FetchOptions, findJava17, JarSet } from '../provisioning/maven-jars';
import { LocalNeo4jError } from './local-neo4j-error';

export type { ProgressSink } from '../provisioning/maven-jars';

/** The Neo4j Community release the project runs locally (5.26 is the LTS line). */
export const NEO4J_VERSION = '5.26.30';

export type DistributionOptions = FetchOptions;

const NEO4J_JARS: JarSet = {
  title: `Neo4j Community ${NEO4J_VERSION}`,
  folder: `neo4j-community-${NEO4J_VERSION}`,
  pom: pom(),
  isKeyJar: (name) => name.startsWith('neo4j-server-'),
  sizeHint: 'about 125 MB',
  alternative: 'set NEO4J_URI to an existing Neo4j',
  stallMs: 30_000,
  error: (message) => new LocalNeo4jError(message),
};

/** Finds the java executable (JAVA_HOME first) and checks that it is Java 17 or newer. */
export function findJava(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return findJava17(NEO4J_JARS, env);
}

/** The folder holding every jar of the Neo4j server, downloading it on first use. */
export function ensureNeo4jJars(options: DistributionOptions): Promise<string> {
  return ensureJars(NEO4J_JARS, options);
}

function pom(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by NewsGraph: the dependency set of a Neo4j Community server, copied into lib/. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>newsgraph.local</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>${NEO4J_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>${NEO4J_VERSION}</version>
    </dependency>
  </dependencies>
</project>
`;
}
