// `entities(nameContains:)` matches names case-insensitively: every write stores the name lowercased
// in `nameFolded` (src/domain/folded-name.ts), so the filter is a CONTAINS on a stored value instead
// of a toLower() per entity read; the TEXT index serves CONTAINS over all entities.
CREATE TEXT INDEX entity_name_folded IF NOT EXISTS FOR (e:Entity) ON (e.nameFolded);
// Backfill for graphs written before the folded name was stored.
MATCH (e:Entity) WHERE e.nameFolded IS NULL AND e.name IS NOT NULL
SET e.nameFolded = toLower(e.name);
