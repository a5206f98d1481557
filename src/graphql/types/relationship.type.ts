import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

import { DateScalar, DateTimeScalar } from '../scalars';
import { connectionType } from './connection.type';
import { DatePrecision, FactStatus, Origin, RelationshipType } from './enums';

@ObjectType({ description: 'A news article or other document that states facts.' })
export class Source {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field(() => String, { nullable: true })
  publisher!: string | null;

  @Field(() => String, { nullable: true })
  author!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  publishedAt!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The stored text, when there is one (offsets of evidence and mentions count into it).',
  })
  text!: string | null;
}

@ObjectType({ description: "Where a source's text names an entity: text.slice(start, end), in UTF-16 code units." })
export class Mention {
  entityId!: string;

  @Field(() => Int, { description: 'Offset of the first character, in UTF-16 code units (as JavaScript counts).' })
  start!: number;

  @Field(() => Int, { description: 'Offset just after the last character.' })
  end!: number;

  @Field({ description: 'The words of the text: text.slice(start, end).' })
  text!: string;
}

@ObjectType({ description: 'Where a relationship is stated: the source and the words it uses.' })
export class Evidence {
  @Field({ description: 'Text that appears verbatim in the source.' })
  quote!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      "Where the quote starts in the source's text (UTF-16 code units): quote = text.slice(start, end); null when no text is stored.",
  })
  start!: number | null;

  @Field(() => Int, { nullable: true, description: 'Where the quote ends (exclusive).' })
  end!: number | null;

  sourceId!: string;
}

@ObjectType({ description: 'A typed, directed, sourced relationship between two entities.' })
export class Relationship {
  @Field(() => ID, { description: 'Server-assigned and stable; derived from from, type, to, role and validFrom.' })
  id!: string;

  @Field(() => RelationshipType)
  type!: RelationshipType;

  from!: string;
  to!: string;

  @Field(() => String, { nullable: true })
  role!: string | null;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field(() => Int, { nullable: true })
  quantity!: number | null;

  @Field(() => DateScalar, { nullable: true, description: 'Valid from this date (inclusive); unknown when null.' })
  validFrom!: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'Valid until this date (exclusive); unknown when null.' })
  validTo!: string | null;

  @Field(() => Float, { nullable: true, description: 'How firmly the sources state it, 0..1; hedged statements are below 1.' })
  confidence!: number | null;

  @Field(() => DatePrecision, {
    nullable: true,
    description: 'How much of validFrom the sources state (DAY when unset and a date is given).',
  })
  validFromPrecision!: DatePrecision | null;

  @Field(() => DatePrecision, { nullable: true, description: 'How much of validTo the sources state.' })
  validToPrecision!: DatePrecision | null;

  @Field(() => Origin, { description: 'CURATED (typed in or imported) or EXTRACTED (proposed by ingest from article text).' })
  origin!: Origin;

  @Field(() => FactStatus, { description: 'PROPOSED (extracted, not reviewed yet), ACCEPTED or REJECTED.' })
  status!: FactStatus;

  @Field(() => String, {
    nullable: true,
    description: 'The words that hedge an extracted statement ("expected to", "reportedly"), if any.',
  })
  hedge!: string | null;

  @Field(() => DateTimeScalar, { description: 'When NewsGraph first recorded it.' })
  recordedAt!: string;

  @Field(() => [Evidence])
  evidence!: Evidence[];
}

export const RelationshipConnection = connectionType('Relationship', () => Relationship, {
  totalCountDescription: 'All matching relationships, counted without fetching them.',
});
