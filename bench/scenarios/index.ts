// Every scenario, in the order they run and are printed. The ceiling comes first: the
// throughput ratio is taken against it.
import { burst, burstAtDefault } from './burst';
import { catchUp } from './catch-up';
import { ceiling } from './ceiling';
import { memory } from './memory';
import { processes } from './processes';
import { spread } from './spread';
import { throughput } from './throughput';
import type { Scenario } from '../support/scenario';

export const SCENARIOS: readonly Scenario[] = [ceiling, throughput, burst, burstAtDefault, spread, memory, catchUp, processes];
