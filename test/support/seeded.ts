// A seeded random source for randomized tests, so that a failure replays with the same seed.
export interface Seeded {
  /** A number in [0, 1). */
  random(): number;
  pick<T>(items: readonly T[]): T;
}

export function seeded(seed: number): Seeded {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return { random, pick: (items) => items[Math.floor(random() * items.length)] };
}
