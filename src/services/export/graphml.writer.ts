import { Props, StoredRel } from '../../repositories/export.repository';
import { GRAPHML_END, graphmlData, graphmlHeader, xmlText } from './graphml-format';
import { ExportWriter } from './writer';

export { xmlText };

/**
 * GraphML 1.0 (validated against the official schema in the tests): entities are nodes, the
 * contract's relationships directed edges with their ids; sources and MENTIONS are left out. The
 * keys and how values are written are in graphml-format.ts, shared with the explorer's export.
 */
export class GraphmlExportWriter implements ExportWriter {
  readonly wantsMentions = false;

  begin(): string {
    return graphmlHeader();
  }

  source(): string {
    return '';
  }

  entity(props: Props): string {
    return `    <node id="${xmlText(String(props.id))}">${graphmlData('node', props)}</node>\n`;
  }

  relationship(rel: StoredRel): string {
    const evidence = Array.isArray(rel.props.evidenceSources) ? rel.props.evidenceSources.length : 0;
    return `    <edge id="${xmlText(String(rel.props.id))}" source="${xmlText(rel.from)}" target="${xmlText(rel.to)}">${graphmlData(
      'edge',
      {
        ...rel.props,
        type: rel.type,
        evidenceCount: evidence,
      },
    )}</edge>\n`;
  }

  mention(): string {
    return '';
  }

  end(): string {
    return GRAPHML_END;
  }
}
