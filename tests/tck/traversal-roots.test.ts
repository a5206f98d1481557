import { cases } from './features/traversal-roots';
import { tck } from './tck';

tck(cases);
