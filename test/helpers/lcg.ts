/**
 * The tests' reproducible random numbers: a linear congruential generator from `seed`, returning an
 * integer in [0, n). `shift` drops low bits, whose period is short (a few tests draw from the high
 * bits; each test keeps the variant its recorded edit sequences came from).
 */
export function lcg(seed: number, shift = 0): (n: number) => number {
  let s = seed;
  return (n: number): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return (s >> shift) % n;
  };
}
