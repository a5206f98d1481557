import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'What importGraph wrote: records (sources, entities and relationships) by outcome.' })
export class ImportReport {
  @Field(() => Int, { description: 'Records that did not exist before.' })
  created!: number;

  @Field(() => Int, { description: 'Records that existed and changed (new values or new evidence).' })
  updated!: number;

  @Field(() => Int, { description: 'Records that existed and were given exactly what they already held.' })
  unchanged!: number;
}

@ObjectType({ description: 'The outcome of a delete.' })
export class DeleteResult {
  @Field(() => ID, { description: 'The id that was deleted.' })
  id!: string;

  @Field({ description: 'True: a delete that finds nothing fails with NOT_FOUND instead.' })
  deleted!: boolean;

  @Field(() => Int, { description: 'Relationships deleted with it (1 for deleteRelationship).' })
  relationshipsDeleted!: number;
}
