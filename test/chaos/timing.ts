export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
export const between = (min: number, max: number): number => min + Math.random() * (max - min);
