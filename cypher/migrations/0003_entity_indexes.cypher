// Listing by kind and name, and the keyset order of entity pages.
CREATE INDEX entity_kind_id IF NOT EXISTS FOR (e:Entity) ON (e.kind, e.id);
CREATE INDEX entity_name IF NOT EXISTS FOR (e:Entity) ON (e.name);
CREATE INDEX event_start_date IF NOT EXISTS FOR (e:Event) ON (e.startDate);
CREATE INDEX country_iso_code IF NOT EXISTS FOR (c:Country) ON (c.isoCode);
