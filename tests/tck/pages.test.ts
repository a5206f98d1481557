import { cases } from './features/pages';
import { tck } from './tck';

tck(cases);
