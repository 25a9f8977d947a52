/**
 * Test helpers for type-level tests: compile-time equality and checks whose
 * body only ever meets the type checker.
 *
 * @module
 */

/** `true` when `A` and `B` are the same type, `false` otherwise. */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2)
  ? true
  : false;

/** `true` when `A` is assignable to `B`. */
export type Extends<A, B> = [A] extends [B] ? true : false;

/** Compiles only when `T` is `true`: `assertType<Equal<A, B>>()`. */
export function assertType<_T extends true>(): void {}

/**
 * Holds statements for the type checker (`// @ts-expect-error` lines among
 * them) without running them: `deno test` and `deno check` compile them, and
 * they may use values that exist only as types.
 */
export function compileOnly(_statements: () => void): void {}
