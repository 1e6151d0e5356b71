import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mergeRepository } from '../../db/repositories/results';
import { useTempDir } from '../foundation/temp';
import { makeOffice, review } from './results-helpers';

describe('merging answers whose ids are already used here', () => {
  const tempDir = useTempDir();

  it('keeps the laptop’s answer ids when free, gives new ids when another review holds them, and leaves that review alone', async () => {
    const { office, assignments } = await makeOffice(tempDir());
    const first = await review(office, assignments[0].id, { deduction: 1 });
    const second = await review(office, assignments[1].id);
    const db = office.core.store.db;
    const repo = mergeRepository(db);
    const firstAnswers = repo.answers(first);
    expect(firstAnswers.length).toBeGreaterThan(10);
    const before = JSON.stringify(firstAnswers);

    // Incoming answers for the second review reusing the first review's ids, plus one fresh id.
    const fresh = { ...firstAnswers[0], id: randomUUID(), item_code: 'ZZ-NEW-01' };
    office.core.store.tx(() => repo.replaceAnswers(second, [...firstAnswers, fresh], randomUUID));

    const secondAnswers = repo.answers(second);
    expect(secondAnswers.map((a) => a.item_code).sort()).toEqual([...firstAnswers.map((a) => a.item_code), 'ZZ-NEW-01'].sort());
    const taken = new Set(firstAnswers.map((a) => a.id));
    expect(secondAnswers.filter((a) => taken.has(a.id))).toEqual([]);
    expect(secondAnswers.find((a) => a.item_code === 'ZZ-NEW-01')!.id).toBe(fresh.id);
    expect(JSON.stringify(repo.answers(first))).toBe(before);
    office.core.close();
  });
});
