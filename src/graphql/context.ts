import { EntityService } from '../services/entity.service';
import { EntityWriteService } from '../services/entity-write.service';
import { IngestService } from '../services/ingest/ingest.service';
import { TraversalService } from '../services/traversal.service';
import { PlannedStore } from '../planner/plan';
import { ReadPlanner } from '../planner/planner';
import { createLoaders, Loaders } from './loaders';

/** Long-lived services, built once at start-up. */
export interface Services {
  entities: EntityService;
  /** The mutations: upserts, imports, merges and deletes. */
  writes: EntityWriteService;
  /** Neighbourhoods, paths, timelines and rankings. */
  traversals: TraversalService;
  /** The read planner (one statement per root read field); absent with NEWSGRAPH_READ_PLANNER=off. */
  planner?: ReadPlanner;
  /** Article ingest and the review of extracted facts. */
  ingest: IngestService;
}

export type { Loaders };

export interface GraphQLContext {
  services: Services;
  loaders: Loaders;
  /** What the read planner fetched for nested fields, by record (see src/planner/plan.ts). */
  planned: PlannedStore;
  /** Whether this request may run mutations (no API keys configured, or a valid one was sent). */
  canWrite: boolean;
  /** NEWSGRAPH_READ_ONLY: every mutation is refused with FORBIDDEN, before its arguments are looked at. */
  readOnly: boolean;
  /** NEWSGRAPH_API_KEYS is set: mutations need `Authorization: Bearer <key>` (Query.writeAccess tells clients). */
  keyRequired: boolean;
  /** The request's id (X-Request-Id), as logged; empty outside HTTP. */
  requestId: string;
}

export interface ContextOptions {
  canWrite?: boolean;
  readOnly?: boolean;
  keyRequired?: boolean;
  requestId?: string;
}

/**
 * A fresh context per request; `canWrite` comes from the HTTP layer's API key check (false when not
 * said), `readOnly` and `keyRequired` from the configuration (false when not said).
 */
export function createContext(services: Services, options: ContextOptions = {}): GraphQLContext {
  return {
    services,
    loaders: createLoaders(services.entities),
    planned: new PlannedStore(),
    canWrite: options.canWrite ?? false,
    readOnly: options.readOnly ?? false,
    keyRequired: options.keyRequired ?? false,
    requestId: options.requestId ?? '',
  };
}
