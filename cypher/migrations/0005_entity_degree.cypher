// `mostConnected` ranks entities by a `degree` property that every write keeps up to date,
// walking this index from the top instead of counting every entity's relationships per call.
CREATE INDEX entity_degree IF NOT EXISTS FOR (e:Entity) ON (e.degree);
// Backfill for graphs written before degrees were kept (the types are RelationshipType's).
MATCH (e:Entity)
SET e.degree = COUNT { (e)-[:LEADER_OF|MEMBER_OF|AFFILIATED_WITH|PARTICIPATED_IN|PART_OF|HELD_IN|LOCATED_IN|FOLLOWS|CONCERNS|INVOLVES|SUPPORTS|AT_WAR_WITH|DEPLOYED_TO|SUCCEEDS|CONCERNED_ABOUT|RELATED_TO|BORDERS]-() };
