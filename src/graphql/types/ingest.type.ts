import { IsOptional, Length, Matches, MaxLength } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';

import { DateTimeScalar } from '../scalars';
import { Entity } from './entity.type';
import { Source } from './relationship.type';

@InputType({ description: 'One news article to ingest: its text is analysed, linked to the graph and turned into proposed facts.' })
export class ArticleInput {
  @Field(() => String)
  @Length(1, 500, { message: 'must be 1 to 500 characters' })
  @Matches(/\S/, { message: 'must not be blank' })
  title!: string;

  @Field(() => String, {
    description: 'The article text (plain text, or HTML, which is reduced to its text), English, at most 100,000 characters.',
  })
  text!: string;

  @Field(() => String, { nullable: true, description: "The article's address; the source id comes from it (else from the text)." })
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

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'When it was published: relative dates ("on Saturday") are read against it.',
  })
  publishedAt?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'A stored article with this url and another text is a CONFLICT unless true: then it is extracted again, keeping the review decisions whose quote still occurs.',
  })
  replace?: boolean | null;
}

@ObjectType({ description: 'A mention with two or more plausible entities: reported, not guessed (no fact uses it).' })
export class AmbiguousMention {
  @Field({ description: 'The words of the text.' })
  text!: string;

  @Field(() => Int)
  start!: number;

  @Field(() => Int)
  end!: number;

  @Field(() => [Entity], { description: 'The entities it may be.' })
  candidates!: Entity[];
}

@ObjectType({ description: 'What ingestArticle did with one article.' })
export class IngestReport {
  @Field(() => Source, { description: 'The article as stored (its id from the url, else from the text).' })
  source!: Source;

  @Field(() => Int, { description: 'Distinct entities of the graph its mentions link to.' })
  entitiesLinked!: number;

  @Field(() => Int, { description: 'Entities created because nothing in the graph matched (people, places, events, topics, ...).' })
  entitiesCreated!: number;

  @Field(() => Int, { description: 'Located mentions stored (Source.mentionSpans).' })
  mentions!: number;

  @Field(() => Int, { description: 'New relationships proposed (origin EXTRACTED, status PROPOSED).' })
  relationshipsProposed!: number;

  @Field(() => [AmbiguousMention])
  ambiguous!: AmbiguousMention[];
}
