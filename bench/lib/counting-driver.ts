/**
 * A neo4j-driver Driver that counts the Cypher statements run through it (tx.run inside
 * executeRead/executeWrite, session.run, and driver.executeQuery), so that a library we do not
 * control (@neo4j/graphql) can be measured in round trips per request like our gateway.
 */
import { Driver, ManagedTransaction, Session } from 'neo4j-driver';

export interface CountingDriver {
  driver: Driver;
  /** Statements run so far. */
  count(): number;
}

export function countingDriver(inner: Driver): CountingDriver {
  let statements = 0;
  const wrapTx = (tx: ManagedTransaction): ManagedTransaction =>
    new Proxy(tx, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (key === 'run' && typeof value === 'function') {
          return (...args: unknown[]) => {
            statements += 1;
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  const wrapSession = (session: Session): Session =>
    new Proxy(session, {
      get(target, key, receiver) {
        const value: unknown = Reflect.get(target, key, receiver);
        if (typeof value !== 'function') return value;
        const fn = value as (...a: unknown[]) => unknown;
        if (key === 'executeRead' || key === 'executeWrite') {
          return (work: (tx: ManagedTransaction) => unknown, config?: unknown) =>
            fn.call(target, (tx: ManagedTransaction) => work(wrapTx(tx)), config);
        }
        if (key === 'run') {
          return (...args: unknown[]) => {
            statements += 1;
            return fn.apply(target, args);
          };
        }
        return fn.bind(target);
      },
    });
  const driver = new Proxy(inner, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      const fn = value as (...a: unknown[]) => unknown;
      if (key === 'session') return (...args: unknown[]) => wrapSession(fn.apply(target, args) as Session);
      if (key === 'executeQuery') {
        return (...args: unknown[]) => {
          statements += 1;
          return fn.apply(target, args);
        };
      }
      return fn.bind(target);
    },
  });
  return { driver, count: () => statements };
}
