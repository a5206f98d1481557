import { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';

import { EntityRecord, EvidenceRecord, MentionRecord, RelationshipRecord, SourceRecord } from '../../domain/records';
import { InternalError } from '../../errors/api-errors';
import { unpagedListCost } from '../complexity';
import { GraphQLContext } from '../context';
import { Entity } from '../types/entity.type';
import { Evidence, Mention, Relationship, Source } from '../types/relationship.type';
import { AmbiguousMention } from '../types/ingest.type';
import { AmbiguousMentionRecord } from '../../services/ingest/ingest.service';
import { fromPlan } from './planned';

async function required<T>(value: Promise<T | null> | T | null, what: string): Promise<T> {
  const found = await value;
  if (found === null) throw new InternalError(`A relationship points at a missing ${what}.`);
  return found;
}

@Resolver(() => Relationship)
export class RelationshipResolver {
  @FieldResolver(() => Entity)
  from(@Root() rel: RelationshipRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<EntityRecord> {
    const planned = fromPlan(
      context,
      rel,
      info,
      (fields) => fields.entity,
      (fields) => fields.anyKey.from,
    );
    return required(planned !== undefined ? planned : context.loaders.entity.load(rel.from), 'entity');
  }

  @FieldResolver(() => Entity)
  to(@Root() rel: RelationshipRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<EntityRecord> {
    const planned = fromPlan(
      context,
      rel,
      info,
      (fields) => fields.entity,
      (fields) => fields.anyKey.to,
    );
    return required(planned !== undefined ? planned : context.loaders.entity.load(rel.to), 'entity');
  }
}

@Resolver(() => Source)
export class SourceResolver {
  @FieldResolver(() => [Entity], { complexity: unpagedListCost, description: 'Entities the source states something about, by id.' })
  mentions(
    @Root() source: SourceRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<EntityRecord[]> | EntityRecord[] {
    return fromPlan(context, source, info, (fields) => fields.entities) ?? context.loaders.mentions.load(source.id);
  }

  @FieldResolver(() => [Mention], {
    complexity: unpagedListCost,
    description: 'Where its text names entities (each a span of the text, with the entity it links to), in text order.',
  })
  mentionSpans(
    @Root() source: SourceRecord,
    @Ctx() context: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MentionRecord[]> | MentionRecord[] {
    return fromPlan(context, source, info, (fields) => fields.mentions) ?? context.loaders.mentionSpans.load(source.id);
  }
}

@Resolver(() => Mention)
export class MentionResolver {
  @FieldResolver(() => Entity)
  entity(@Root() mention: MentionRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<EntityRecord> {
    const planned = fromPlan(context, mention, info, (fields) => fields.entity);
    return required(planned !== undefined ? planned : context.loaders.entity.load(mention.entityId), 'entity');
  }
}

@Resolver(() => Evidence)
export class EvidenceResolver {
  @FieldResolver(() => Source)
  source(@Root() evidence: EvidenceRecord, @Ctx() context: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<SourceRecord> {
    const planned = fromPlan(
      context,
      evidence,
      info,
      (fields) => fields.source,
      (fields) => fields.anyKey.source,
    );
    return required(planned !== undefined ? planned : context.loaders.source.load(evidence.sourceId), 'source');
  }
}

@Resolver(() => AmbiguousMention)
export class AmbiguousMentionResolver {
  @FieldResolver(() => [Entity])
  async candidates(@Root() mention: AmbiguousMentionRecord, @Ctx() { loaders }: GraphQLContext): Promise<EntityRecord[]> {
    const found = await Promise.all(mention.candidateIds.map((id) => loaders.entity.load(id)));
    return found.filter((entity): entity is EntityRecord => entity !== null);
  }
}
