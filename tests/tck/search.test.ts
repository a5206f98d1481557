import { cases } from './features/search';
import { tck } from './tck';

tck(cases);
