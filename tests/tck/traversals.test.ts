import { cases } from './features/traversals';
import { tck } from './tck';

tck(cases);
