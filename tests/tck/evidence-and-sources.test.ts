import { cases } from './features/evidence-and-sources';
import { tck } from './tck';

tck(cases);
