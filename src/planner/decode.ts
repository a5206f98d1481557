import { Plain } from '../db/plain';
import { EntityRecord, MentionRecord, Page, RelationshipRecord, SourceRecord } from '../domain/records';
import { asProps, toEntityRecord, toRelationshipRecord, toSourceRecord } from '../repositories/record-mappers';
import { EntityFieldPlan, EntityPlan, PlannedFields, PlannedStore, RelationshipPlan, SourcePlan } from './plan';

/** A list the statement returned (a missing one is empty). */
export const plainList = (value: Plain | undefined): Plain[] => (Array.isArray(value) ? value : []);
const list = plainList;

/**
 * Turns what a planned statement returned into the records the resolvers serve, and files every
 * nested field it fetched under its record and response key (PlannedStore), where the nested
 * resolvers find it. Records carry only the scalars the selection asked for (plus id and kind):
 * they are never primed into the DataLoaders.
 */
export class Decoder {
  constructor(
    private readonly store: PlannedStore,
    private readonly values: readonly unknown[],
  ) {}

  entity(value: Plain | undefined, plan: EntityPlan): EntityRecord {
    const record = toEntityRecord(value);
    if (plan.fields.length === 0) return record;
    const props = asProps(value);
    const fields = this.store.fieldsOf(record);
    for (const entry of plan.fields) {
      if (entry.kinds !== null && !entry.kinds.includes(record.kind)) continue;
      this.entityField(fields, entry.responseKey, entry.plan, props[`k${entry.key}`]);
    }
    return record;
  }

  private entityField(fields: PlannedFields, key: string, plan: EntityFieldPlan, raw: Plain | undefined): void {
    switch (plan.f) {
      case 'degree':
        fields.count.set(key, Number(raw));
        return;
      case 'relationships': {
        const page = asProps(raw);
        const first = Number(this.values[plan.limit]) - 1;
        const relationships = plan.items;
        const items = relationships === null ? [] : list(page.i).map((item) => this.relationship(item, relationships));
        fields.relationships.set(key, this.page(items, first, plan.total ? Number(page.t) : 0));
        return;
      }
      case 'hop':
        // A one-entity hop comes as a list of at most one (render.ts).
        if (plan.one) {
          const [one] = list(raw);
          fields.entity.set(key, one === null || one === undefined ? null : this.entity(one, plan.node));
        } else
          fields.entities.set(
            key,
            list(raw).map((item) => this.entity(item, plan.node)),
          );
        return;
      case 'enclosingCountry':
        fields.entity.set(key, raw === null || raw === undefined ? null : this.entity(raw, plan.node));
        return;
      case 'mentionedIn':
        fields.sources.set(
          key,
          list(raw).map((item) => this.source(item, plan.node)),
        );
        return;
      default:
        throw new Error('Unknown planned field');
    }
  }

  page<T>(items: T[], first: number, totalCount: number): Page<T> {
    return { items: items.slice(0, first), totalCount, hasNextPage: items.length > first };
  }

  relationship(value: Plain | undefined, plan: RelationshipPlan): RelationshipRecord {
    const record = toRelationshipRecord(value);
    if (plan.ends.length === 0 && plan.evidenceSources.length === 0) return record;
    const props = asProps(value);
    const fields = this.store.fieldsOf(record);
    for (const end of plan.ends) {
      const raw = props[`k${end.key}`];
      fields.entity.set(end.responseKey, raw === null || raw === undefined ? null : this.entity(raw, end.node));
    }
    for (const entry of plan.evidenceSources) {
      const byId = new Map(list(props[`k${entry.key}`]).map((item) => [String(asProps(item).id), item]));
      for (const evidence of record.evidence) {
        const raw = byId.get(evidence.sourceId);
        this.store.fieldsOf(evidence).source.set(entry.responseKey, raw === undefined ? null : this.source(raw, entry.node));
      }
    }
    return record;
  }

  source(value: Plain | undefined, plan: SourcePlan): SourceRecord {
    const record = toSourceRecord(value);
    if (plan.mentions.length === 0 && plan.spans.length === 0) return record;
    const props = asProps(value);
    const fields = this.store.fieldsOf(record);
    for (const entry of plan.mentions) {
      fields.entities.set(
        entry.responseKey,
        list(props[`k${entry.key}`]).map((item) => this.entity(item, entry.node)),
      );
    }
    for (const entry of plan.spans) {
      fields.mentions.set(
        entry.responseKey,
        list(props[`k${entry.key}`]).map((item) => this.mention(item, record.text ?? '', entry.entities)),
      );
    }
    return record;
  }

  /** A located mention; its text sliced here, as SourceRepository.mentionSpans slices it (UTF-16 offsets). */
  private mention(value: Plain | undefined, text: string, entities: SourcePlan['spans'][number]['entities']): MentionRecord {
    const props = asProps(value);
    const [start, end] = [Number(props.start), Number(props.end)];
    const record: MentionRecord = { entityId: String(props.entityId), start, end, text: text.slice(start, end) };
    if (entities.length > 0) {
      const fields = this.store.fieldsOf(record);
      for (const entry of entities) fields.entity.set(entry.responseKey, this.entity(props[`k${entry.key}`], entry.node));
    }
    return record;
  }
}
