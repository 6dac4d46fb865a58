/** Limits and offsets as they reach SQL: whole, non-negative numbers (none given: no limit, offset 0). */
export const limitArg = (n: number | undefined): number | null =>
  n === undefined || !Number.isFinite(n) ? null : Math.max(0, Math.floor(n));
export const offsetArg = (n: number | undefined): number => (n === undefined || !Number.isFinite(n) ? 0 : Math.max(0, Math.floor(n)));
