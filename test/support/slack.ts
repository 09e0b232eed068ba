/**
 * How much slower than the 2-core CI machine, with nothing else on it, a test run may be: a
 * second copy of the suite, other work, a slower laptop. A time bound in a test is the figure
 * measured there times this factor, so it catches a hang or a blow-up (a quadratic step), never a
 * busy machine. Speed targets themselves are in the bench (`npm run bench`).
 */
export const SLOW_MACHINE_FACTOR = 4;
