import type { ApolloServerPlugin } from '@apollo/server';

/** graphql-js's suggestions of schema names: ` Did you mean "name"?`, ` Did you mean the enum value "PERSON"?`. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/** A message without the schema names graphql-js suggests in it. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

/**
 * With introspection off, error messages must not reveal the schema either. Apollo's
 * hideSchemaDetailsFromClientErrors drops the suggestion ending a validation error; this drops
 * suggestions from every error, including a variable's value refused at execution
 * (`Value "PERSN" does not exist in "EntityKind" enum. Did you mean the enum value "PERSON"?`).
 * Apollo formats the very errors this hook sees.
 */
export function hideSuggestionsPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = withoutSuggestions(error.message);
        },
      };
    },
  };
}
