import { ValidationError } from 'class-validator';
import { getNamedType, isInputObjectType } from 'graphql';
import { Arg, ArgumentValidationError, Ctx, ID, MiddlewareFn, Mutation, Resolver, UseMiddleware } from 'type-graphql';

import { EntityRecord, RelationshipRecord, SourceRecord } from '../../domain/records';
import { ForbiddenError, UnauthenticatedError } from '../../errors/api-errors';
import { DeleteOutcome } from '../../services/entity-write.service';
import { ImportReport as ImportCounts } from '../../services/import.service';
import { GraphQLContext } from '../context';
import { Entity } from '../types/entity.type';
import { EntityInput, GraphImportInput, RelationshipInput, SourceInput } from '../types/inputs.type';
import { DeleteResult, ImportReport } from '../types/mutation-results.type';
import { Relationship, Source } from '../types/relationship.type';
import { ReviewDecision } from '../types/enums';
import { ArticleInput, IngestReport } from '../types/ingest.type';
import { IngestReportRecord } from '../../services/ingest/ingest.service';

const isClearable = (value: unknown): value is { clearAll(): unknown } =>
  typeof value === 'object' && value !== null && typeof (value as { clearAll?: unknown }).clearAll === 'function';

/**
 * A read-only service (NEWSGRAPH_READ_ONLY=true) refuses every mutation with FORBIDDEN, keys or not.
 * Otherwise every mutation needs write access: with NEWSGRAPH_API_KEYS set, a valid `Authorization: Bearer <key>`
 * (the HTTP layer decides and puts the answer in the context). It is checked before the arguments, so
 * a caller without a key learns nothing about its input. After the write, what this request's loaders
 * cached may be stale, so they start afresh for the fields of the result.
 */
export const RequireWriteAccess: MiddlewareFn<GraphQLContext> = async ({ context }, next) => {
  if (context.readOnly) throw new ForbiddenError();
  if (!context.canWrite) throw new UnauthenticatedError();
  const result: unknown = await next();
  for (const loader of Object.values(context.loaders) as unknown[]) if (isClearable(loader)) loader.clearAll();
  return result;
};

/**
 * class-validator reports paths relative to the validated argument (`relationships.2.validTo`);
 * clients wrote `input.relationships[2].validTo`. This puts the argument's name at the root of the
 * error tree, so that format-error.ts can name the whole path.
 */
export const NameInvalidArgument: MiddlewareFn<GraphQLContext> = async ({ info }, next) => {
  try {
    return (await next()) as unknown;
  } catch (error) {
    if (!(error instanceof ArgumentValidationError)) throw error;
    const field = info.parentType.getFields()[info.fieldName];
    const inputArgs = (field?.args ?? []).filter((arg) => isInputObjectType(getNamedType(arg.type)));
    if (inputArgs.length !== 1) throw error;
    const root = Object.assign(new ValidationError(), { property: inputArgs[0].name, children: error.extensions.validationErrors });
    throw new ArgumentValidationError([root]);
  }
};

/** The write half of the API. Thin: arguments in, EntityWriteService out. */
@Resolver()
@UseMiddleware(RequireWriteAccess, NameInvalidArgument)
export class MutationResolver {
  @Mutation(() => Entity, {
    description:
      'Creates an entity, or updates the one with this id (derived from the name when not given). The same input twice changes nothing.',
  })
  upsertEntity(@Arg('input', () => EntityInput) input: EntityInput, @Ctx() { services }: GraphQLContext): Promise<EntityRecord> {
    return services.writes.upsertEntity(input);
  }

  @Mutation(() => DeleteResult, { description: 'Deletes an entity with all its relationships; NOT_FOUND for an unknown id.' })
  deleteEntity(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<DeleteOutcome> {
    return services.writes.deleteEntity(id);
  }

  @Mutation(() => Entity, {
    description:
      'Folds mergeId into keepId: its relationships (merged with identical ones keep has), name, aliases and mentions move to keepId, and mergeId is deleted. Both must be of the same kind.',
  })
  mergeEntities(
    @Arg('keepId', () => ID) keepId: string,
    @Arg('mergeId', () => ID) mergeId: string,
    @Ctx() { services }: GraphQLContext,
  ): Promise<EntityRecord> {
    return services.writes.mergeEntities(keepId, mergeId);
  }

  @Mutation(() => Source, { description: 'Creates a source, or updates the one with this id (derived from the title when not given).' })
  upsertSource(@Arg('input', () => SourceInput) input: SourceInput, @Ctx() { services }: GraphQLContext): Promise<SourceRecord> {
    return services.writes.upsertSource(input);
  }

  @Mutation(() => Relationship, {
    description:
      'Creates a relationship, or updates the one with the same from, type, to, role and validFrom, adding evidence it does not have yet.',
  })
  upsertRelationship(
    @Arg('input', () => RelationshipInput) input: RelationshipInput,
    @Ctx() { services }: GraphQLContext,
  ): Promise<RelationshipRecord> {
    return services.writes.upsertRelationship(input);
  }

  @Mutation(() => DeleteResult, { description: 'Deletes one relationship by id; NOT_FOUND for an unknown id.' })
  deleteRelationship(@Arg('id', () => ID) id: string, @Ctx() { services }: GraphQLContext): Promise<DeleteOutcome> {
    return services.writes.deleteRelationship(id);
  }

  @Mutation(() => ImportReport, {
    description:
      'Writes sources, entities and relationships in one transaction: all of it, or, when any row is refused, none of it (the error names the row and the reason).',
  })
  importGraph(@Arg('input', () => GraphImportInput) input: GraphImportInput, @Ctx() { services }: GraphQLContext): Promise<ImportCounts> {
    return services.writes.importGraph(input);
  }

  @Mutation(() => IngestReport, {
    description:
      'Ingests one news article: its mentions are located and linked to the entities of the graph (created when nothing matches), and the facts its sentences state are proposed (origin EXTRACTED, status PROPOSED) with the sentence and its offsets as evidence, all in one transaction. The same article twice changes nothing. SERVICE_UNAVAILABLE (with extensions.retryAfterSeconds) while the NLP engine starts.',
  })
  ingestArticle(@Arg('input', () => ArticleInput) input: ArticleInput, @Ctx() { services }: GraphQLContext): Promise<IngestReportRecord> {
    return services.ingest.ingestArticle(input);
  }

  @Mutation(() => Relationship, {
    description:
      'Records a review decision: ACCEPT makes a fact ACCEPTED, REJECT makes it REJECTED (hidden by default, never revived by a later ingest).',
  })
  reviewRelationship(
    @Arg('id', () => ID) id: string,
    @Arg('decision', () => ReviewDecision) decision: ReviewDecision,
    @Ctx() { services }: GraphQLContext,
  ): Promise<RelationshipRecord> {
    return services.ingest.review(id, decision);
  }
}
