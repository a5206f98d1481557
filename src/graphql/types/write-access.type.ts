import { Field, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'Whether this service takes mutations, and from whom: what a client reads before offering to write (the explorer hides its review buttons in read-only mode and asks for a key only when one is needed).',
})
export class WriteAccess {
  @Field({ description: 'NEWSGRAPH_READ_ONLY: every mutation is refused with FORBIDDEN.' })
  readOnly!: boolean;

  @Field({ description: 'NEWSGRAPH_API_KEYS is set: mutations need `Authorization: Bearer <key>` with one of the keys.' })
  keyRequired!: boolean;

  @Field({ description: "Whether this request's Authorization header (or none) would let it run mutations now." })
  allowed!: boolean;
}
