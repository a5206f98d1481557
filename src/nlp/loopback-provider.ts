import fs from 'node:fs';
import path from 'node:path';

import { runCommand } from '../local-neo4j/process-utils';
import type { ProgressSink } from './corenlp-distribution';

/** The JDK package a loopback provider delegates to (not exported by jdk.httpserver, hence the flags). */
export const HTTPSERVER_EXPORT = 'jdk.httpserver/sun.net.httpserver=ALL-UNNAMED';
export const LOOPBACK_PROVIDER_CLASS = 'NewsgraphLoopbackHttpServerProvider';

/**
 * CoreNLP's server has no bind-address option: it listens on every interface. Java picks the
 * HTTP server implementation named by the system property com.sun.net.httpserver.HttpServerProvider,
 * so this provider wraps the JDK's own and rebinds every server to 127.0.0.1.
 */
const SOURCE = `import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.spi.HttpServerProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Written by NewsGraph: binds CoreNLP's HTTP server to the loopback interface only. */
public class ${LOOPBACK_PROVIDER_CLASS} extends HttpServerProvider {
  private final HttpServerProvider delegate = new sun.net.httpserver.DefaultHttpServerProvider();

  private static InetSocketAddress loopback(InetSocketAddress address) throws IOException {
    if (address == null) return null;
    return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), address.getPort());
  }

  @Override
  public HttpServer createHttpServer(InetSocketAddress address, int backlog) throws IOException {
    return delegate.createHttpServer(loopback(address), backlog);
  }

  @Override
  public HttpsServer createHttpsServer(InetSocketAddress address, int backlog) throws IOException {
    return delegate.createHttpsServer(loopback(address), backlog);
  }
}
`;

/**
 * Compiles the loopback provider into `dir` once (javac ships with the JDK) and returns the folder
 * to put on the class path, or undefined when no compiler is available (the server then relies on
 * its generated password alone, and says so).
 */
export async function ensureLoopbackProvider(dir: string, java: string, progress: ProgressSink): Promise<string | undefined> {
  const classFile = path.join(dir, `${LOOPBACK_PROVIDER_CLASS}.class`);
  const sourceFile = path.join(dir, `${LOOPBACK_PROVIDER_CLASS}.java`);
  if (fs.existsSync(classFile) && fs.existsSync(sourceFile) && fs.readFileSync(sourceFile, 'utf8') === SOURCE) return dir;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(sourceFile, SOURCE);
  const javac = path.join(path.dirname(java), 'javac');
  try {
    const result = await runCommand(
      fs.existsSync(javac) ? javac : 'javac',
      ['--add-exports', HTTPSERVER_EXPORT, '-d', dir, sourceFile],
      60_000,
    );
    if (result.code === 0 && fs.existsSync(classFile)) return dir;
    progress(
      `Could not compile the loopback binding for CoreNLP (${result.stderr.trim().slice(0, 200)}); it will listen on all interfaces, password-protected.`,
    );
  } catch {
    progress('No Java compiler (javac) found: CoreNLP will listen on all interfaces, password-protected.');
  }
  return undefined;
}
