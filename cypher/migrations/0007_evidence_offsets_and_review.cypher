// Relationships written before origin and review existed are curated and accepted facts
// (Relationship.origin, Relationship.status; reads filter on status).
MATCH (:Entity)-[r:LEADER_OF|MEMBER_OF|AFFILIATED_WITH|PARTICIPATED_IN|PART_OF|HELD_IN|LOCATED_IN|FOLLOWS|CONCERNS|INVOLVES|SUPPORTS|AT_WAR_WITH|DEPLOYED_TO|SUCCEEDS|CONCERNED_ABOUT|RELATED_TO|BORDERS]->(:Entity) WHERE r.origin IS NULL OR r.status IS NULL
SET r.origin = coalesce(r.origin, 'CURATED'), r.status = coalesce(r.status, 'ACCEPTED');
// Evidence gains offsets (evidenceStarts/evidenceEnds beside evidenceQuotes; -1: not known): each quote
// is located at its first occurrence in its source's stored text. The index of the first occurrence is
// the length of what comes before it (split's first piece); quotes of sources without text stay -1.
MATCH (:Entity)-[r:LEADER_OF|MEMBER_OF|AFFILIATED_WITH|PARTICIPATED_IN|PART_OF|HELD_IN|LOCATED_IN|FOLLOWS|CONCERNS|INVOLVES|SUPPORTS|AT_WAR_WITH|DEPLOYED_TO|SUCCEEDS|CONCERNED_ABOUT|RELATED_TO|BORDERS]->(:Entity) WHERE r.evidenceStarts IS NULL OR size(r.evidenceStarts) <> size(coalesce(r.evidenceSources, []))
SET r.evidenceStarts = [i IN range(0, size(coalesce(r.evidenceSources, [])) - 1) | coalesce(head(COLLECT { MATCH (s:Source {id: r.evidenceSources[i]}) WHERE s.text CONTAINS r.evidenceQuotes[i] RETURN size(split(s.text, r.evidenceQuotes[i])[0]) }), -1)]
SET r.evidenceEnds = [i IN range(0, size(r.evidenceStarts) - 1) | CASE WHEN r.evidenceStarts[i] < 0 THEN -1 ELSE r.evidenceStarts[i] + size(r.evidenceQuotes[i]) END];
