import { mulberry32 } from '@fvm/db';

/** A seeded source of choices for fuzz tests: the same seed gives the same cases on every machine. */
export function seededRandom(seed: number) {
  const next = mulberry32(seed);
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)]!, chance: (p: number) => next() < p };
}
export type SeededRandom = ReturnType<typeof seededRandom>;
