/**
 * A name as `entities(nameContains:)` matches it: lower-cased. Every write stores an entity's
 * name folded in the `nameFolded` property (migration 0009 backfills older graphs), and the
 * filter text is folded the same way, so that the match is a plain CONTAINS on a stored value
 * instead of a `toLower()` per entity read.
 */
export function foldName(text: string): string {
  return text.toLowerCase();
}
