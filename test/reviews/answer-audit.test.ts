/** Every saved answer change lands in the hash-chained audit log with the answer before and after. */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import { assignedCampaign } from '../fixtures/assigned-campaign';
import { useTempDir } from '../foundation/temp';

const ctx = { actor: '甲评查', transport: 'test' as const };

describe('answer changes in the audit log', () => {
  const tempDir = useTempDir();
  let core: Core;
  afterEach(() => core?.close());

  async function openSheet() {
    core = await openCore(join(tempDir(), 'a.sqlite'));
    const api = createApiClient((m, i) => core.dispatch(m, i, ctx));
    const { assignments } = await assignedCampaign(api, '审计');
    for (const a of assignments) {
      const sheet = await api.reviews.open({ assignmentId: a.id }).catch(() => null);
      if (sheet && sheet.applicable.length >= 2) return { api, sheet };
    }
    throw new Error('no reviewable dossier in the fixture');
  }

  it('10 saves and a clear add 11 entries with before and after, and the chain verifies', async () => {
    const { api, sheet } = await openSheet();
    const reviewId = sheet.review.id;
    const [first, second] = sheet.applicable;
    const before = await api.audit.list({ entityId: reviewId, limit: 100 });

    const saves: { itemCode: string; verdict: 'conform' | 'na' }[] = [];
    for (let n = 0; n < 10; n++) saves.push({ itemCode: n < 6 ? first : second, verdict: n % 2 ? 'conform' : 'na' });
    for (const s of saves) await api.reviews.saveAnswer({ reviewId, ...s, note: s.verdict === 'na' ? `第${saves.indexOf(s)}次` : undefined });
    await api.reviews.clearAnswer({ reviewId, itemCode: first });

    const rows = (await api.audit.list({ entityId: reviewId, limit: 100 })).slice(0, -before.length || undefined).reverse();
    expect(rows.map((r) => r.action)).toEqual([...Array(10).fill('save_answer'), 'clear_answer']);
    expect(rows.every((r) => r.actor === '甲评查' && r.entity === 'review')).toBe(true);

    // The first save of an item has nothing before; each later one has the previous save as before.
    type Logged = { itemCode: string; answer: { verdict: string; note: string } | null; revision: number };
    const logged = rows.map((r) => ({ before: r.before as Logged, after: r.after as Logged }));
    expect(logged[0].before).toMatchObject({ itemCode: first, answer: null });
    expect(logged[0].after).toMatchObject({ itemCode: first, answer: { verdict: 'na', note: '第0次' } });
    expect(logged[1].before.answer).toMatchObject({ verdict: 'na', note: '第0次' });
    expect(logged[1].after.answer).toMatchObject({ verdict: 'conform', note: '' });
    expect(logged[6].before).toMatchObject({ itemCode: second, answer: null });
    for (let n = 1; n < 10; n++) {
      if (n !== 6) expect(logged[n].before.answer).toEqual(logged[n - 1].after.answer);
      expect(logged[n].before.revision).toBe(logged[n - 1].after.revision);
    }
    expect(logged[10].before).toMatchObject({ itemCode: first, answer: logged[5].after.answer });
    expect(logged[10].after).toMatchObject({ itemCode: first, answer: null });

    const verified = await api.audit.verify({});
    expect(verified.ok).toBe(true);
    expect(verified.checked).toBeGreaterThanOrEqual(11);
  });

  it('a refused save records nothing', async () => {
    const { api, sheet } = await openSheet();
    const count = (await api.audit.list({ entityId: sheet.review.id, limit: 100 })).length;
    await expect(api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: sheet.applicable[0], verdict: 'conform', expectedRevision: 999 })).rejects.toThrow();
    expect(await api.audit.list({ entityId: sheet.review.id, limit: 100 })).toHaveLength(count);
  });
});
