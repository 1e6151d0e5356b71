/**
 * The workspace store (renderer/stores/review.ts) against the real core: every change saved with the
 * revision it saw, undo/redo replaying saves, a conflicting save kept and written on 重试.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { createApiClient } from '../../shared/api/contract';
import { assignedCampaign } from '../fixtures/assigned-campaign';
import { useTempDir } from '../foundation/temp';

const g = globalThis as unknown as { window?: unknown; localStorage?: Storage; sessionStorage?: Storage };

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, String(v)),
  };
}

describe('review store', () => {
  const tempDir = useTempDir();
  let core: Core;
  beforeEach(() => {
    g.localStorage = memoryStorage();
    g.sessionStorage = memoryStorage();
  });
  afterEach(() => {
    core?.close();
    delete g.window;
  });

  async function setUp() {
    core = await openCore(join(tempDir(), 's.sqlite'));
    const ctx = { actor: '甲评查', transport: 'test' as const };
    const invoke = async (m: string, i: unknown) => JSON.parse(JSON.stringify(await core.dispatch(m, JSON.parse(JSON.stringify(i ?? {})), ctx)));
    g.window = { dossierApi: { invoke }, location: { hash: '' } };
    const api = createApiClient(invoke);
    const { assignments } = await assignedCampaign(api, '工作台状态');
    for (const a of assignments) {
      const sheet = await api.reviews.open({ assignmentId: a.id }).catch(() => null);
      if (sheet?.template.key === 'PG') return { api, assignment: a, sheet, others: assignments.filter((x) => x.id !== a.id) };
    }
    throw new Error('no PG dossier in the fixture');
  }

  it('saves each change, replays saves on undo/redo, and keeps a conflicting change until 重试', async () => {
    const { api, assignment, sheet } = await setUp();
    const { useReviewStore, draftForVerdict } = await import('../../renderer/stores/review');
    const store = useReviewStore.getState();
    const opened = await store.open(assignment.id);
    expect(opened?.review.id).toBe(sheet.review.id);
    const item = (code: string) => sheet.template.items.find((i) => i.code === code)!;
    const [c0] = sheet.applicable;
    const scored = sheet.applicable.find((c) => item(c).deduction.kind !== 'none')!;

    store.change(c0, draftForVerdict(item(c0), 'conform', undefined));
    store.change(scored, { ...draftForVerdict(item(scored), 'deduct', undefined), note: '文书缺页' });
    await useReviewStore.getState().flush();
    expect(useReviewStore.getState().save.kind).toBe('saved');
    let server = await api.reviews.get({ reviewId: sheet.review.id });
    expect(server.answers.map((a) => [a.itemCode, a.verdict]).sort()).toEqual([[c0, 'conform'], [scored, 'deduct']].sort());
    expect(useReviewStore.getState().revision).toBe(server.review.revision);
    expect(useReviewStore.getState().score?.total).toBe(server.score.total);
    expect(server.score.total).toBeLessThan(100);

    // Undo removes the deduction on the server; redo writes it again.
    useReviewStore.getState().undo();
    await useReviewStore.getState().flush();
    server = await api.reviews.get({ reviewId: sheet.review.id });
    expect(server.answers.map((a) => a.itemCode)).toEqual([c0]);
    expect(server.score.total).toBe(100);
    useReviewStore.getState().redo();
    await useReviewStore.getState().flush();
    server = await api.reviews.get({ reviewId: sheet.review.id });
    expect(server.answers.find((a) => a.itemCode === scored)).toMatchObject({ verdict: 'deduct', note: '文书缺页' });

    // Another window saves in between: our next save is refused as a conflict, kept, and written on retry.
    await api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: sheet.applicable[2], verdict: 'na' });
    useReviewStore.getState().change(c0, { ...useReviewStore.getState().answers[c0], note: '核对无误' });
    await useReviewStore.getState().flush();
    const failed = useReviewStore.getState().save;
    expect(failed).toMatchObject({ kind: 'error', conflict: true, itemCode: c0 });
    expect(useReviewStore.getState().answers[c0].note).toBe('核对无误');
    expect(useReviewStore.getState().pendingSaves()).toBe(1);
    await useReviewStore.getState().retry();
    await useReviewStore.getState().flush();
    expect(useReviewStore.getState().save.kind).toBe('saved');
    server = await api.reviews.get({ reviewId: sheet.review.id });
    expect(server.answers.find((a) => a.itemCode === c0)?.note).toBe('核对无误');
    expect(useReviewStore.getState().revision).toBe(server.review.revision);
  });

  it('a change the server refuses stays shown; switching dossier first tries it again and refuses to drop it', async () => {
    const { api, assignment, sheet, others } = await setUp();
    const { useReviewStore } = await import('../../renderer/stores/review');
    await useReviewStore.getState().open(assignment.id);
    const range = sheet.template.items.find((i) => sheet.applicable.includes(i.code) && i.deduction.kind === 'range')!;
    const rule = range.deduction as { kind: 'range'; min: number; max: number; step: number };
    // Off the rule's step: the engine refuses it, naming the item.
    useReviewStore.getState().change(range.code, { verdict: 'deduct', deduction: rule.min + rule.step / 3, note: '理由', pageRefs: [] });
    await useReviewStore.getState().flush();
    const save = useReviewStore.getState().save;
    expect(save).toMatchObject({ kind: 'error', conflict: false, itemCode: range.code });
    expect(save.kind === 'error' && save.message).toContain(range.code);

    const other = others.find((a) => a.dossierId !== assignment.dossierId)!;
    expect(await useReviewStore.getState().open(other.id)).toBeNull();
    expect(useReviewStore.getState().loadError).toContain('未能保存');
    // Back on the first dossier the refused value is still shown; correcting it saves and clears the error.
    const back = await useReviewStore.getState().open(assignment.id);
    expect(back?.review.id).toBe(sheet.review.id);
    expect(useReviewStore.getState().answers[range.code].deduction).toBeCloseTo(rule.min + rule.step / 3);
    useReviewStore.getState().change(range.code, { verdict: 'deduct', deduction: rule.min, note: '理由', pageRefs: [] });
    await useReviewStore.getState().flush();
    expect(useReviewStore.getState().save.kind).toBe('saved');
    expect(useReviewStore.getState().pendingSaves()).toBe(0);
    expect((await api.reviews.get({ reviewId: sheet.review.id })).answers.find((a) => a.itemCode === range.code)?.deduction).toBe(rule.min);
    expect((await useReviewStore.getState().open(other.id))?.dossier.id).toBe(other.dossierId);
  });
});
