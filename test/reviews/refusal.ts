/** The AppError a call is refused with (fails the test when it succeeds or throws anything else). */
import { expect } from 'vitest';
import { AppError } from '../../shared/errors';

export async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}
