import { describe, expect, it } from 'vitest';
import { newId } from '../../db/util';

describe('newId', () => {
  it('gives unique, version-7, strictly increasing ids even within one millisecond', () => {
    const ids = Array.from({ length: 20_000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const sorted = [...ids].sort();
    expect(sorted).toEqual(ids);
  });
});
