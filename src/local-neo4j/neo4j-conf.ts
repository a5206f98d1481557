import path from 'node:path';

/** The local server's page cache (server.memory.pagecache.size) unless NEWSGRAPH_NEO4J_PAGECACHE says otherwise. */
export const DEFAULT_PAGE_CACHE = '512m';
/** The local server's JVM heap (-Xms and -Xmx) unless NEWSGRAPH_NEO4J_HEAP says otherwise. */
export const DEFAULT_HEAP = '1g';

/**
 * Settings of the local server: loopback only, auth on, bounded memory, no exhaustive paths.
 * `pageCache` is a size such as 512m or 2g (loadConfig validates NEWSGRAPH_NEO4J_PAGECACHE).
 */
export function neo4jConf(dataDir: string, boltPort: number, pageCache: string = DEFAULT_PAGE_CACHE): string {
  const settings: Record<string, string> = {
    'server.default_listen_address': '127.0.0.1',
    'server.default_advertised_address': '127.0.0.1',
    'server.bolt.enabled': 'true',
    'server.bolt.listen_address': `127.0.0.1:${boltPort}`,
    'server.http.enabled': 'false',
    'server.https.enabled': 'false',
    'dbms.security.auth_enabled': 'true',
    'server.directories.data': path.join(dataDir, 'data'),
    'server.directories.logs': path.join(dataDir, 'logs'),
    'server.directories.run': path.join(dataDir, 'run'),
    'server.directories.import': path.join(dataDir, 'import'),
    'server.directories.plugins': path.join(dataDir, 'plugins'),
    'server.memory.pagecache.size': pageCache,
    'db.transaction.timeout': '60s',
    // Timed-out transactions are found by a monitor that looks every 2 s by default; look every
    // 100 ms so that a query over its timeout ends close to it.
    'db.transaction.monitor.check.interval': '100ms',
    'dbms.cypher.forbid_exhaustive_shortestpath': 'true',
    'dbms.usage_report.enabled': 'false',
    'server.logs.debug.enabled': 'true',
  };
  const lines = Object.entries(settings).map(([key, value]) => `${key}=${value}`);
  return `# Written by NewsGraph at every start of the local Neo4j; edits are overwritten.\n${lines.join('\n')}\n`;
}

/**
 * JVM flags. The official start script reads these from `server.jvm.additional` in the default
 * neo4j.conf; starting the entry point ourselves, we pass them directly (without the
 * --add-opens flags some code paths fail on Java 17).
 */
export function jvmArgs(heap: string): string[] {
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:-OmitStackTraceInFastThrow',
    '-XX:+UnlockExperimentalVMOptions',
    '-XX:+TrustFinalNonStaticFields',
    '-XX:+DisableExplicitGC',
    '-Djdk.nio.maxCachedBufferSize=1024',
    '-Dio.netty.tryReflectionSetAccessible=true',
    '-Djdk.tls.ephemeralDHKeySize=2048',
    '-Djdk.tls.rejectClientInitiatedRenegotiation=true',
    '-XX:FlightRecorderOptions=stackdepth=256',
    '-XX:+UnlockDiagnosticVMOptions',
    '-XX:+DebugNonSafepoints',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '-Dlog4j2.disable.jmx=true',
    '-Dfile.encoding=UTF-8',
  ];
}
