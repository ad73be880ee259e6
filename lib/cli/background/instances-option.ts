// `after start -i N`: how many processes serve one worker name. Any number of them may: a
// task's claim lets exactly one run each due time (docs/ARCHITECTURE.md, "Claims").
import { wholeNumberFlag } from '../flag-parsers';

/** More processes than this on one machine is a typo rather than a plan. */
export const MAX_INSTANCES = 64;

export const instancesFlag = wholeNumberFlag('a number of processes', 1, MAX_INSTANCES);
