import { cases } from './features/fragments-and-kinds';
import { tck } from './tck';

tck(cases);
