// The review status of relationships, indexed per type (Neo4j indexes relationships per type), so
// that the total of a node with many relationships is its degree (Neo4j's degree store) less the
// relationships whose status is not shown (REJECTED by default), found by an index seek instead of
// reading the status of every relationship (src/repositories/relationship-page.ts).
CREATE INDEX rel_leader_of_status IF NOT EXISTS FOR ()-[r:LEADER_OF]-() ON (r.status);
CREATE INDEX rel_member_of_status IF NOT EXISTS FOR ()-[r:MEMBER_OF]-() ON (r.status);
CREATE INDEX rel_affiliated_with_status IF NOT EXISTS FOR ()-[r:AFFILIATED_WITH]-() ON (r.status);
CREATE INDEX rel_participated_in_status IF NOT EXISTS FOR ()-[r:PARTICIPATED_IN]-() ON (r.status);
CREATE INDEX rel_part_of_status IF NOT EXISTS FOR ()-[r:PART_OF]-() ON (r.status);
CREATE INDEX rel_held_in_status IF NOT EXISTS FOR ()-[r:HELD_IN]-() ON (r.status);
CREATE INDEX rel_located_in_status IF NOT EXISTS FOR ()-[r:LOCATED_IN]-() ON (r.status);
CREATE INDEX rel_follows_status IF NOT EXISTS FOR ()-[r:FOLLOWS]-() ON (r.status);
CREATE INDEX rel_concerns_status IF NOT EXISTS FOR ()-[r:CONCERNS]-() ON (r.status);
CREATE INDEX rel_involves_status IF NOT EXISTS FOR ()-[r:INVOLVES]-() ON (r.status);
CREATE INDEX rel_supports_status IF NOT EXISTS FOR ()-[r:SUPPORTS]-() ON (r.status);
CREATE INDEX rel_at_war_with_status IF NOT EXISTS FOR ()-[r:AT_WAR_WITH]-() ON (r.status);
CREATE INDEX rel_deployed_to_status IF NOT EXISTS FOR ()-[r:DEPLOYED_TO]-() ON (r.status);
CREATE INDEX rel_succeeds_status IF NOT EXISTS FOR ()-[r:SUCCEEDS]-() ON (r.status);
CREATE INDEX rel_concerned_about_status IF NOT EXISTS FOR ()-[r:CONCERNED_ABOUT]-() ON (r.status);
CREATE INDEX rel_related_to_status IF NOT EXISTS FOR ()-[r:RELATED_TO]-() ON (r.status);
CREATE INDEX rel_borders_status IF NOT EXISTS FOR ()-[r:BORDERS]-() ON (r.status);
