// Countries carry the names people type for them in many languages ("USA", "Россия",
// "Deutschland", from the world-countries dataset) in `searchNamesText`, kept apart from the
// displayed aliases (src/services/reference/country-names.ts writes it). A fulltext index cannot
// gain a property, so `entity_search_v2` covers it as well and replaces `entity_search` (0004).
// Re-running is safe: 0004 may create entity_search again, which is dropped here again.
CREATE FULLTEXT INDEX entity_search_v2 IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.aliasesText, e.description, e.searchNamesText]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: false } };
DROP INDEX entity_search IF EXISTS;
