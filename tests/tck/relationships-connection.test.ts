import { cases } from './features/relationships-connection';
import { tck } from './tck';

tck(cases);
