import { cases } from './features/aliases-and-directives';
import { tck } from './tck';

tck(cases);
