import { cases } from './features/relationship-roots';
import { tck } from './tck';

tck(cases);
