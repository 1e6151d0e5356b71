/**
 * How CLI failures map to exit codes. Everything a command throws ends up here: usage mistakes
 * (exit 2), API errors carried as AppError (exit 1, or 3 for a damaged / too-new store), and
 * anything unexpected (exit 1).
 */
import { AppError, type ErrorCode } from '../../shared/errors';

export const EXIT_OK = 0;
/** Bad input, not found, conflict, anything else that went wrong. */
export const EXIT_FAILURE = 1;
/** The command line itself is wrong: unknown command or option, missing option. */
export const EXIT_USAGE = 2;
/** The store is damaged, read-only or was written by a newer version: nothing was changed. */
export const EXIT_STORE = 3;

/** A mistake in the command line. `usage` is printed after the message when given. */
export class UsageError extends Error {
  readonly usage?: string;
  constructor(message: string, usage?: string) {
    super(message);
    this.name = 'UsageError';
    this.usage = usage;
  }
}

const STORE_CODES: ReadonlySet<ErrorCode> = new Set(['store_damaged', 'unsupported_store', 'store_readonly']);

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError) return EXIT_USAGE;
  if (err instanceof AppError && STORE_CODES.has(err.code)) return EXIT_STORE;
  return EXIT_FAILURE;
}

export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
