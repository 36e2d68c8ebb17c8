/** For conditions that cannot happen. A failure is a bug and becomes a 500, never a rule rejection. */
export class InvariantError extends Error {}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}
