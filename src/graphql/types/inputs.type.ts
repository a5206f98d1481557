import {
  ArrayMaxSize,
  IsInt,
  IsOptional,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  registerDecorator,
  ValidateNested,
  ValidationArguments,
  ValidationOptions,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { Field, Float, ID, InputType, Int } from 'type-graphql';

import { MAX_ID_LENGTH, SLUG_PATTERN } from '../../services/ids';
import { DateScalar, DateTimeScalar } from '../scalars';
import { DatePrecision, EntityKind, EventType, FactStatus, Origin, RelationshipType } from './enums';

/*
 * The write inputs of the API contract, checked by class-validator before a resolver runs (buildSchema
 * has validate: true). Messages say what is wrong without naming the field: format-error.ts puts the
 * path in front ("input.relationships[2].validTo: must be after validFrom") and into extensions.field.
 * The services validate again (they also serve `newsgraph import`); these checks exist so that a client
 * hears about every field-level mistake in the request's own terms before anything touches the database.
 */

const SLUG_MESSAGE = `must be a slug of lower-case letters, digits and single dashes (like "north-korea"), at most ${MAX_ID_LENGTH} characters`;
const NOT_BLANK = /\S/;
const MAX_LIST = 10_000;

/** A slug id: lower-case letters, digits and single dashes, at most MAX_ID_LENGTH characters. */
function IsSlug(): PropertyDecorator {
  return (target, property) => {
    MaxLength(MAX_ID_LENGTH, { message: SLUG_MESSAGE })(target, property);
    Matches(SLUG_PATTERN, { message: SLUG_MESSAGE })(target, property);
  };
}

/** Text of `min`..`max` characters that is not only spaces (`each`: every item of a list). */
function IsText(min: number, max: number, options: ValidationOptions = {}): PropertyDecorator {
  const subject = options.each ? 'each item must' : 'must';
  return (target, property) => {
    Length(min, max, { ...options, message: `${subject} be ${min} to ${max} characters` })(target, property);
    Matches(NOT_BLANK, { ...options, message: `${subject} not be blank` })(target, property);
  };
}

/**
 * Compares a date with another date property of the same input (both `YYYY-MM-DD`, so text order is
 * date order). Absent dates are not compared: an open end is always fine.
 */
@ValidatorConstraint({ name: 'isLaterThan' })
export class IsLaterThanConstraint implements ValidatorConstraintInterface {
  validate(value: unknown, args: ValidationArguments): boolean {
    const [property, orEqual] = args.constraints as [string, boolean];
    const other = (args.object as Record<string, unknown>)[property];
    if (typeof value !== 'string' || typeof other !== 'string') return true;
    return orEqual ? value >= other : value > other;
  }

  defaultMessage(args: ValidationArguments): string {
    const [property, orEqual] = args.constraints as [string, boolean];
    return orEqual ? `must not be before ${property}` : `must be after ${property}`;
  }
}

/** The date must come after (or, with `orEqual`, not before) the date in `property`. */
export function IsLaterThan(property: string, orEqual = false, options: ValidationOptions = {}): PropertyDecorator {
  return (target, propertyName) => {
    registerDecorator({
      name: 'isLaterThan',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [property, orEqual],
      options,
      validator: IsLaterThanConstraint,
    });
  };
}

@InputType({ description: 'An entity to create or update. Fields left out (or null) keep their stored values.' })
export class EntityInput {
  @Field(() => ID, { nullable: true, description: 'A slug such as "north-korea"; derived from the name when left out.' })
  @IsOptional()
  @IsSlug()
  id?: string | null;

  @Field(() => EntityKind, { description: 'Cannot change: an id that exists with another kind is a CONFLICT.' })
  kind!: EntityKind;

  @Field(() => String)
  @IsText(1, 200)
  name!: string;

  @Field(() => [String], { nullable: true, description: 'Replaces the stored aliases when given.' })
  @IsOptional()
  @ArrayMaxSize(100, { message: 'must have at most 100 aliases' })
  @IsText(1, 200, { each: true })
  aliases?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'A Wikidata item id such as "Q423".' })
  @IsOptional()
  @Matches(/^Q\d{1,19}$/, { message: 'must be a Wikidata item id like Q42' })
  wikidataId?: string | null;

  @Field(() => String, { nullable: true, description: 'Countries only: ISO 3166-1 alpha-2, such as "KP".' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'must be two capital letters (ISO 3166-1 alpha-2), like "KP"' })
  isoCode?: string | null;

  @Field(() => String, { nullable: true, description: 'How sources title a person ("President").' })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  title?: string | null;

  @Field(() => EventType, { nullable: true, description: 'Events only; OTHER when a new event leaves it out.' })
  eventType?: EventType | null;

  @Field(() => DateScalar, { nullable: true })
  startDate?: string | null;

  @Field(() => DateScalar, { nullable: true })
  @IsOptional()
  @IsLaterThan('startDate', true)
  endDate?: string | null;

  @Field(() => DatePrecision, { nullable: true, description: 'How much of startDate the sources state (a month: the 1st, MONTH).' })
  datePrecision?: DatePrecision | null;

  @Field(() => String, { nullable: true, description: 'Places only: city, island, region, ...' })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  placeType?: string | null;
}

@InputType({ description: "A located mention: text.slice(start, end) of the source's text names the entity." })
export class MentionInput {
  @Field(() => ID)
  @IsSlug()
  entity!: string;

  @Field(() => Int)
  @IsInt({ message: 'must be a whole number, 0 or more' })
  @Min(0, { message: 'must be a whole number, 0 or more' })
  start!: number;

  @Field(() => Int)
  @IsInt({ message: 'must be a whole number, 0 or more' })
  @Min(0, { message: 'must be a whole number, 0 or more' })
  end!: number;
}

@InputType({ description: 'A news article or other document, to create or update. Fields left out (or null) keep their stored values.' })
export class SourceInput {
  @Field(() => ID, { nullable: true, description: 'A slug; derived from the title when left out.' })
  @IsOptional()
  @IsSlug()
  id?: string | null;

  @Field(() => String)
  @IsText(1, 500)
  title!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000, { message: 'must be an http(s) URL of at most 2000 characters' })
  @Matches(/^https?:\/\/\S+$/i, { message: 'must be an http(s) URL' })
  url?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  publisher?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  author?: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  publishedAt?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The full text. When stored, every quote citing this source must appear in it verbatim.',
  })
  text?: string | null;

  @Field(() => [MentionInput], {
    nullable: true,
    description: 'Where the text names entities (needs the text); replaces the stored spans. Left out: the stored ones stay.',
  })
  @IsOptional()
  @ArrayMaxSize(MAX_LIST, { message: `must have at most ${MAX_LIST} items` })
  @ValidateNested({ each: true })
  mentionSpans?: MentionInput[] | null;
}

@InputType({ description: 'Where a relationship is stated: a source and the words it uses.' })
export class EvidenceInput {
  @Field(() => ID)
  @IsSlug()
  sourceId!: string;

  @Field(() => String, { description: "Words from the source, verbatim (checked against the source's text when it is stored)." })
  @IsText(1, 5000)
  quote!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "Offsets of the quote in the source's text (UTF-16 code units; both or neither): text.slice(start, end) must be the quote. Left out: its first occurrence.",
  })
  @IsOptional()
  @IsInt({ message: 'must be a whole number, 0 or more' })
  @Min(0, { message: 'must be a whole number, 0 or more' })
  start?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'must be a whole number, 0 or more' })
  @Min(0, { message: 'must be a whole number, 0 or more' })
  end?: number | null;
}

@InputType({
  description:
    'A relationship to create or add to. from, type, to, role and validFrom identify it: the same five again update it, merge new evidence, and keep stored values of fields left out (or null).',
})
export class RelationshipInput {
  @Field(() => ID)
  @IsSlug()
  from!: string;

  @Field(() => ID)
  @IsSlug()
  to!: string;

  @Field(() => RelationshipType)
  type!: RelationshipType;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  role?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  title?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt({ message: 'must be a whole number, 0 or more' })
  @Min(0, { message: 'must be a whole number, 0 or more' })
  quantity?: number | null;

  @Field(() => DateScalar, { nullable: true, description: 'Valid from this date (inclusive).' })
  validFrom?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Valid until this date (exclusive); after validFrom.' })
  @IsOptional()
  @IsLaterThan('validFrom')
  validTo?: string | null;

  @Field(() => Float, { nullable: true, description: 'How firmly the sources state it, 0..1.' })
  @IsOptional()
  @Min(0, { message: 'must be between 0 and 1' })
  @Max(1, { message: 'must be between 0 and 1' })
  confidence?: number | null;

  @Field(() => DatePrecision, { nullable: true, description: 'How much of validFrom the sources state.' })
  validFromPrecision?: DatePrecision | null;

  @Field(() => DatePrecision, { nullable: true, description: 'How much of validTo the sources state.' })
  validToPrecision?: DatePrecision | null;

  @Field(() => Origin, { nullable: true, description: 'CURATED when a new relationship leaves it out; stored value kept otherwise.' })
  origin?: Origin | null;

  @Field(() => FactStatus, { nullable: true, description: 'ACCEPTED when a new relationship leaves it out; stored value kept otherwise.' })
  status?: FactStatus | null;

  @Field(() => String, { nullable: true, description: 'The words that hedge the statement ("expected to").' })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  hedge?: string | null;

  @Field(() => [EvidenceInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100, { message: 'must have at most 100 items' })
  @ValidateNested({ each: true })
  evidence?: EvidenceInput[] | null;
}

@InputType({ description: 'A batch for importGraph: all of it is written, or none of it.' })
export class GraphImportInput {
  @Field(() => [SourceInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_LIST, { message: `must have at most ${MAX_LIST} items; split the import` })
  @ValidateNested({ each: true })
  sources?: SourceInput[] | null;

  @Field(() => [EntityInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_LIST, { message: `must have at most ${MAX_LIST} items; split the import` })
  @ValidateNested({ each: true })
  entities?: EntityInput[] | null;

  @Field(() => [RelationshipInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_LIST, { message: `must have at most ${MAX_LIST} items; split the import` })
  @ValidateNested({ each: true })
  relationships?: RelationshipInput[] | null;
}
