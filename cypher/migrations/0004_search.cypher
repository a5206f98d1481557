// The fulltext index behind `search`: names, aliases and descriptions of every entity.
// `aliasesText` is the aliases joined into one string, kept by every write, since a fulltext
// index reads string properties.
CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (e:Entity) ON EACH [e.name, e.aliasesText, e.description]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: false } };
