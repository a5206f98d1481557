import DataLoader from 'dataloader';

import { EntityRecord, SourceRecord } from '../domain/records';
import { EntityRepository } from '../repositories/entity.repository';
import { SourceRepository } from '../repositories/source.repository';
import { EntityService } from '../services/entity.service';

/** Long-lived services, built once at start-up. */
export interface Services {
  entities: EntityService;
  entityRepository: EntityRepository;
  sourceRepository: SourceRepository;
}

/** Per-request batching: every entity or source a response needs is fetched in one round trip per level. */
export interface Loaders {
  entity: DataLoader<string, EntityRecord | null>;
  source: DataLoader<string, SourceRecord | null>;
  degree: DataLoader<string, number>;
}

export interface GraphQLContext {
  services: Services;
  loaders: Loaders;
}

export function createLoaders(services: Services): Loaders {
  return {
    entity: new DataLoader(async (ids) => {
      const found = await services.entityRepository.findByIds(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    source: new DataLoader(async (ids) => {
      const found = await services.sourceRepository.findByIds(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    degree: new DataLoader(async (ids) => {
      const found = await services.entityRepository.degrees(ids);
      return ids.map((id) => found.get(id) ?? 0);
    }),
  };
}

export function createContext(services: Services): GraphQLContext {
  return { services, loaders: createLoaders(services) };
}
