/**
 * Errors that cross the API boundary. Both transports (IPC and loopback HTTP) carry them as a plain
 * `{ code, message, details }` object, because Electron's IPC drops custom error properties.
 */
export type ErrorCode =
  | 'invalid_argument'
  | 'not_found'
  | 'conflict'
  | 'store_damaged'
  | 'unsupported_store'
  | 'store_readonly'
  | 'disk_full'
  | 'unauthorized'
  | 'bad_input'
  | 'cancelled'
  | 'internal'
  /** The session's role may not do this (e.g. a 评查员 locking a review): shown as-is. */
  | 'forbidden';

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
  toPayload(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
  static fromPayload(p: ErrorPayload): AppError {
    return new AppError(p.code, p.message, p.details);
  }
}

/** The one wording for a record that is not (or no longer) there. */
export function notFound(what: string, id: string): AppError {
  return new AppError('not_found', `${what}不存在（${id}），可能已被删除。`);
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
