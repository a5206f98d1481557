import { cases } from './features/entity';
import { tck } from './tck';

tck(cases);
