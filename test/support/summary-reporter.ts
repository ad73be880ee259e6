// Mocha's spec reporter, plus one plain closing line "N passed, N failed" that CI reads.
import Mocha from 'mocha';

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options: Mocha.MochaOptions) {
    super(runner, options);
    let passed = 0;
    let failed = 0;
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => { passed += 1; });
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, () => { failed += 1; });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      // Spec registered its epilogue on this event first, so this line comes after it.
      process.stdout.write(`${passed} passed, ${failed} failed\n`);
    });
  }
}

export = SummaryReporter;
