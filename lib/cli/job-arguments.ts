// `after submit <worker> <job> [args...]`: the job's arguments as the shell gives them.

/**
 * Each argument as JSON when it is JSON (`3` is 3, `true` is true, `{"a":1}` an object,
 * `'"7"'` the string "7"), otherwise the text as written (`world` is "world").
 */
export function parseJobArguments(args: readonly string[]): unknown[] {
  return args.map((arg) => {
    try {
      return JSON.parse(arg) as unknown;
    } catch {
      return arg;
    }
  });
}
