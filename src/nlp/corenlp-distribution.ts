import { ensureJars, FetchOptions, findJava17, JarSet } from '../provisioning/maven-jars';
import { NlpError } from './nlp-error';

export type { ProgressSink } from '../provisioning/maven-jars';

/** The Stanford CoreNLP release the project runs (GPL-3: fetched at run time, never bundled). */
export const CORENLP_VERSION = '4.5.10';

/** The NewsGraph cache folder (shared with the local Neo4j's jars), an optional Maven mirror, progress. */
export type CoreNlpDistributionOptions = FetchOptions;

const CORENLP_JARS: JarSet = {
  title: `Stanford CoreNLP ${CORENLP_VERSION} with its English models`,
  folder: `stanford-corenlp-${CORENLP_VERSION}`,
  pom: pom(),
  isKeyJar: (name) => name === `stanford-corenlp-${CORENLP_VERSION}-models.jar`,
  sizeHint: 'about 500 MB',
  alternative: 'set NEWSGRAPH_NLP_URL to a CoreNLP server already running',
  // The models jar is one 474 MB file: Maven may say nothing for a while.
  stallMs: 120_000,
  announce: [{ pattern: /Downloading from [^:]+: \S+models\.jar/, message: '  downloading the models jar (474 MB)...' }],
  error: (message) => new NlpError(message),
};

/** Finds the java executable (JAVA_HOME first) and checks that it is Java 17 or newer. */
export function findJavaForNlp(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return findJava17(CORENLP_JARS, env);
}

/** The folder holding every jar of CoreNLP and its English models, downloading them on first use. */
export function ensureCoreNlpJars(options: CoreNlpDistributionOptions): Promise<string> {
  return ensureJars(CORENLP_JARS, options);
}

function pom(): string {
  const dependency = (classifier: string): string => `    <dependency>
      <groupId>edu.stanford.nlp</groupId>
      <artifactId>stanford-corenlp</artifactId>
      <version>${CORENLP_VERSION}</version>${classifier ? `\n      <classifier>${classifier}</classifier>` : ''}
    </dependency>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by NewsGraph: Stanford CoreNLP and its English models, copied into lib/. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>newsgraph.local</groupId>
  <artifactId>corenlp-runtime</artifactId>
  <version>${CORENLP_VERSION}</version>
  <packaging>pom</packaging>
  <dependencies>
${dependency('')}
${dependency('models')}
  </dependencies>
</project>
`;
}
