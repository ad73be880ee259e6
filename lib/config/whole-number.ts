// Whole numbers as settings come: a number in a config file, digits in a flag or the environment.

/** `value` as a whole number from `min` to `max`, or undefined when it is not one. */
export function readWholeNumber(value: unknown, min: number, max: number): number | undefined {
  const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < min || number > max) return undefined;
  return number;
}

export const PORT_RANGE = { min: 0, max: 65535 } as const;
