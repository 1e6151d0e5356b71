import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import type { Assignment } from '../../shared/api/namespaces/assignments';
import { scoreReview, type ReviewAnswers } from '../../shared/domain/scoring';
import { builtinTemplateList } from '../../shared/domain/templates';
import { AppError } from '../../shared/errors';
import { encodeCsv, FICTIONAL_UNITS, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { useTempDir } from '../foundation/temp';

const reviewer = { actor: '甲评查', transport: 'test' as const };
const leader = { actor: '王组长', transport: 'test' as const };

interface Setup {
  core: Core;
  api: Api;
  lead: Api;
  campaignId: string;
  assignments: Assignment[];
}

async function campaignWithAssignments(path: string): Promise<Setup> {
  const core = await openCore(path);
  const api = createApiClient((m, i) => core.dispatch(m, i, reviewer));
  const lead = createApiClient((m, i) => core.dispatch(m, i, leader));
  const campaign = await lead.campaigns.create({ name: '评查工作台测试', year: 2025 });
  const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 11, count: 120 })), 'gbk');
  const result = await lead.registers.import({ campaignId: campaign.id, files: [{ name: '登记表.csv', dataBase64: csv.toString('base64') }] });
  expect(result.errors).toEqual([]);
  await lead.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 6 }, seed: 'seed' });
  for (const [name, unitName] of [
    ['甲评查', '示例律师事务所'],
    ['乙评查', '示例市司法局'],
    ['丙评查', FICTIONAL_UNITS[0]],
  ] as const) {
    await lead.reviewers.add({ campaignId: campaign.id, name, unitName, role: 'reviewer' });
  }
  const { assignments } = await lead.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: '分配' });
  return { core, api, lead, campaignId: campaign.id, assignments };
}

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

/** An assignment whose dossier is scored with the given built-in key. */
async function assignmentFor(s: Setup, key: 'PG' | 'PS' | 'LI' | 'CE' | 'IN'): Promise<Assignment | undefined> {
  const all = await s.api.dossiers.list({ campaignId: s.campaignId, offset: 0, limit: 500 });
  const byId = new Map(all.items.map((d) => [d.id, d]));
  return s.assignments.find((a) => {
    const d = byId.get(a.dossierId)!;
    if (key === 'PS') return d.caseType === '行政处罚' && d.procedure === '简易程序';
    if (key === 'PG') return d.caseType === '行政处罚' && d.procedure !== '简易程序';
    return d.caseType === { LI: '行政许可', CE: '行政强制', IN: '行政检查' }[key];
  });
}

describe('templates in the store', () => {
  const tempDir = useTempDir();

  it('migrations seed the five built-in templates, versions 1 and 2', async () => {
    const core = await openCore(join(tempDir(), 's.sqlite'));
    const api = createApiClient((m, i) => core.dispatch(m, i, leader));
    const list = await api.templates.list({});
    expect(list.map((t) => `${t.key}@${t.version}`).sort()).toEqual(builtinTemplateList().map((b) => `${b.key}@${b.version}`).sort());
    expect(list).toHaveLength(10);
    for (const t of list) {
      const builtin = builtinTemplateList().find((b) => b.key === t.key && b.version === t.version)!;
      expect(t).toMatchObject({ version: builtin.version, source: 'builtin', itemCount: builtin.items.length, caseType: builtin.caseType, inUse: false });
      const detail = await api.templates.get({ id: t.id });
      expect(detail.template).toEqual(builtin);
    }
    core.close();
  });

  it('imports a template as the next version and names the bad items when it is invalid', async () => {
    const core = await openCore(join(tempDir(), 's.sqlite'));
    const api = createApiClient((m, i) => core.dispatch(m, i, leader));
    const pg = builtinTemplateList().find((t) => t.key === 'PG')!;
    const imported = await api.templates.import({ json: JSON.stringify({ ...pg, name: '某省行政处罚案卷评查标准' }) });
    // Built-in PG has versions 1 and 2, so the import is version 3.
    expect(imported).toMatchObject({ key: 'PG', version: 3, source: 'imported', name: '某省行政处罚案卷评查标准' });
    const bad = structuredClone(pg);
    bad.items[1].code = bad.items[0].code;
    const err = await errorOf(api.templates.import({ json: JSON.stringify(bad) }));
    expect(err.code).toBe('bad_input');
    expect(err.message).toContain(pg.items[0].code);
    expect((await api.templates.list({})).filter((t) => t.key === 'PG')).toHaveLength(3);
    core.close();
  });

  it('copy + save changes only the new version; built-ins and versions in use cannot be saved', async () => {
    const s = await campaignWithAssignments(join(tempDir(), 's.sqlite'));
    const list = await s.lead.templates.list({});
    const pgId = list.find((t) => t.key === 'PG')!.id;
    const copy = await s.lead.templates.copy({ id: pgId, name: 'PG 修订稿' });
    expect(copy).toMatchObject({ key: 'PG', version: 3, source: 'edited', name: 'PG 修订稿' });
    const body = structuredClone(copy.template);
    body.items[0].title = '修改后的评查项名称';
    const saved = await s.lead.templates.save({ id: copy.id, body });
    expect(saved.template.items[0].title).toBe('修改后的评查项名称');
    expect(saved.bodySha256).not.toBe(copy.bodySha256);
    const original = await s.lead.templates.get({ id: pgId });
    expect(original.template).toEqual(builtinTemplateList().find((t) => t.key === 'PG'));
    expect((await errorOf(s.lead.templates.save({ id: pgId, body }))).code).toBe('conflict');

    // Once a review scores with the edited version, it can no longer be saved.
    await s.lead.templates.pin({ campaignId: s.campaignId, templateIds: [copy.id] });
    const a = (await assignmentFor(s, 'PG'))!;
    const sheet = await s.api.reviews.open({ assignmentId: a.id });
    expect(sheet.review.templateId).toBe(copy.id);
    expect(sheet.template.items[0].title).toBe('修改后的评查项名称');
    const err = await errorOf(s.lead.templates.save({ id: copy.id, body }));
    expect(err.code).toBe('conflict');
    expect(err.message).toBe('已有评查使用此版本，请另存为新版本');
    s.core.close();
  });
});

describe('the review workspace', () => {
  const tempDir = useTempDir();

  it('opens a review, scores saved answers like scoreReview, refuses invalid answers, submits, locks and reopens', async () => {
    const s = await campaignWithAssignments(join(tempDir(), 's.sqlite'));
    const a = (await assignmentFor(s, 'PG'))!;
    expect(a).toBeDefined();
    const api = createApiClient((m, i) => s.core.dispatch(m, i, { actor: a.reviewerName, transport: 'test' }));
    const sheet = await api.reviews.open({ assignmentId: a.id });
    expect(sheet.template.key).toBe('PG');
    expect(sheet.review).toMatchObject({ status: 'draft', assignmentId: a.id, reviewerId: a.reviewerId });
    expect(sheet.dossier.id).toBe(a.dossierId);
    expect((await api.reviews.open({ assignmentId: a.id })).review.id).toBe(sheet.review.id);
    // Opening pinned the newest built-in PG for the campaign.
    expect((await api.templates.pinned({ campaignId: s.campaignId })).map((t) => [t.key, t.source])).toEqual([['PG', 'builtin']]);

    const t = sheet.template;
    const reviewId = sheet.review.id;
    const range = t.items.find((i) => i.deduction.kind === 'range' && sheet.applicable.includes(i.code))!;
    const fixed = t.items.find((i) => i.deduction.kind === 'fixed' && sheet.applicable.includes(i.code))!;
    const perOcc = t.items.find((i) => i.deduction.kind === 'per_occurrence' && sheet.applicable.includes(i.code))!;
    const nonVeto = t.items.find((i) => !i.veto && sheet.applicable.includes(i.code) && i.code !== fixed.code)!;
    if (range.deduction.kind !== 'range') throw new Error('unreachable');
    const answers: ReviewAnswers = {
      [range.code]: { verdict: 'deduct', deduction: range.deduction.min, note: '理由' },
      [fixed.code]: { verdict: 'deduct', note: '未附' },
      [perOcc.code]: { verdict: 'deduct', occurrences: 2, note: '两处' },
    };
    let revision = sheet.review.revision;
    for (const [code, ans] of Object.entries(answers)) {
      const r = await api.reviews.saveAnswer({
        reviewId,
        itemCode: code,
        verdict: ans.verdict,
        deduction: ans.deduction,
        occurrences: ans.occurrences,
        note: ans.note,
        pageRefs: [{ page: 3, text: '立案审批表' }],
        expectedRevision: revision,
      });
      expect(r.revision).toBe(revision + 1);
      revision = r.revision;
    }
    const expected = scoreReview(t, answers, { context: { caseType: sheet.dossier.caseType } });
    const got = await api.reviews.get({ reviewId });
    expect(got.score.total).toBe(expected.total);
    expect(got.score.grade).toBe(expected.grade);
    expect(got.score.dimensions).toEqual(expected.dimensions);
    expect(got.review.total).toBe(expected.total);
    expect(got.review.grade).toBe(expected.grade);
    expect(got.review.dimensionScores).toEqual(Object.fromEntries(expected.dimensions.map((d) => [d.code, d.score])));
    expect(got.answers.find((x) => x.itemCode === range.code)).toMatchObject({ deduction: range.deduction.min, pageRefs: [{ page: 3, text: '立案审批表' }] });

    // A stale revision is refused.
    expect((await errorOf(api.reviews.saveAnswer({ reviewId, itemCode: range.code, verdict: 'conform', expectedRevision: 0 }))).code).toBe('conflict');
    // Invalid answers: over the range, veto on a non-veto item. Nothing changes.
    const overRange = await errorOf(api.reviews.saveAnswer({ reviewId, itemCode: range.code, verdict: 'deduct', deduction: range.deduction.max + 1 }));
    expect(overRange.code).toBe('invalid_argument');
    expect(overRange.message).toContain(range.code);
    const vetoErr = await errorOf(api.reviews.saveAnswer({ reviewId, itemCode: nonVeto.code, verdict: 'veto' }));
    expect(vetoErr.code).toBe('invalid_argument');
    expect(vetoErr.message).toContain(nonVeto.code);
    const unchanged = await api.reviews.get({ reviewId });
    expect(unchanged.review.revision).toBe(revision);
    expect(unchanged.answers).toEqual(got.answers);

    // Clearing an answer.
    const cleared = await api.reviews.clearAnswer({ reviewId, itemCode: perOcc.code });
    expect(cleared.score.unanswered).toContain(perOcc.code);
    revision = cleared.revision;

    // Submit is refused while incomplete, listing the unanswered items.
    const incomplete = await errorOf(api.reviews.submit({ reviewId }));
    expect(incomplete.code).toBe('conflict');
    expect(incomplete.message).toContain(perOcc.code);
    expect((incomplete.details as { unanswered: string[] }).unanswered.length).toBeGreaterThan(0);

    for (const code of got.score.unanswered.concat(perOcc.code)) {
      await api.reviews.saveAnswer({ reviewId, itemCode: code, verdict: 'conform' });
    }
    const submitted = await api.reviews.submit({ reviewId });
    expect(submitted.status).toBe('submitted');
    expect(submitted.submittedAt).not.toBeNull();
    const late = await errorOf(api.reviews.saveAnswer({ reviewId, itemCode: range.code, verdict: 'conform' }));
    expect(late.code).toBe('conflict');

    // Locking and sending back need a 组长 of the team (or the 法制机构) chosen in the window's session.
    expect((await errorOf(s.lead.reviews.lock({ reviewId }))).code).toBe('forbidden');
    const wang = await s.lead.reviewers.add({ campaignId: s.campaignId, name: '王组长', unitName: '示例市司法局', role: 'leader' });
    const leadWindow = createApiClient((m, i) => s.core.dispatch(m, i, { ...leader, session: 'leader-window' }));
    await leadWindow.session.choose({ reviewerId: wang.id });
    const wangActor = `王组长（组长）#${wang.id}`;
    const locked = await leadWindow.reviews.lock({ reviewId });
    expect(locked).toMatchObject({ status: 'locked', lockedBy: wangActor });
    expect((await errorOf(api.reviews.saveAnswer({ reviewId, itemCode: range.code, verdict: 'conform' }))).code).toBe('conflict');

    expect((await errorOf(leadWindow.reviews.reopen({ reviewId, reason: '  ' }))).code).toBe('invalid_argument');
    const reopened = await leadWindow.reviews.reopen({ reviewId, reason: '扣分理由不充分' });
    expect(reopened).toMatchObject({ status: 'draft', lockedBy: null, submittedAt: null, returnedReason: '扣分理由不充分' });
    const audit = await s.lead.audit.list({ entityId: reviewId, limit: 1000 });
    expect(audit[0]).toMatchObject({
      action: 'reopen',
      actor: wangActor,
      reason: '扣分理由不充分',
      before: { status: 'locked', total: locked.total, grade: locked.grade },
      after: { status: 'draft', total: locked.total, grade: locked.grade },
    });
    // Status changes in order; the saved answers (audited since #16) lie between open and submit.
    expect(audit.filter((e) => e.action !== 'save_answer' && e.action !== 'clear_answer').map((e) => e.action)).toEqual(['reopen', 'lock', 'submit', 'open']);
    const actions = audit.map((e) => e.action);
    expect(actions.slice(actions.indexOf('submit') + 1, actions.indexOf('open')).every((a) => a === 'save_answer' || a === 'clear_answer')).toBe(true);
    expect(actions.filter((a) => a === 'save_answer').length).toBeGreaterThan(0);
    expect(await s.lead.audit.verify({})).toMatchObject({ ok: true });
    s.core.close();
  });

  it('keeps a review on its template version when a copy of that template is edited', async () => {
    const s = await campaignWithAssignments(join(tempDir(), 's.sqlite'));
    const a = (await assignmentFor(s, 'PG'))!;
    const sheet = await s.api.reviews.open({ assignmentId: a.id });
    const copy = await s.lead.templates.copy({ id: sheet.review.templateId });
    const body = structuredClone(copy.template);
    body.name = '改过的名称';
    await s.lead.templates.save({ id: copy.id, body });
    const again = await s.api.reviews.get({ reviewId: sheet.review.id });
    expect(again.review.templateId).toBe(sheet.review.templateId);
    expect(again.template).toEqual(sheet.template);
    s.core.close();
  });

  it('picks the template by case type and procedure', async () => {
    const s = await campaignWithAssignments(join(tempDir(), 's.sqlite'));
    for (const key of ['PG', 'PS', 'LI', 'CE', 'IN'] as const) {
      const a = await assignmentFor(s, key);
      if (!a) continue;
      const sheet = await s.api.reviews.open({ assignmentId: a.id });
      expect(sheet.template.key).toBe(key);
      expect(sheet.applicable.length).toBeGreaterThan(0);
    }
    s.core.close();
  });

  it('queue lists the reviewer’s assignments with progress, unfinished first', async () => {
    const s = await campaignWithAssignments(join(tempDir(), 's.sqlite'));
    const a = (await assignmentFor(s, 'PG'))!;
    const before = await s.api.reviews.queue({ campaignId: s.campaignId, reviewerId: a.reviewerId });
    const mine = s.assignments.filter((x) => x.reviewerId === a.reviewerId);
    expect(before).toHaveLength(mine.length);
    expect(before.find((q) => q.assignmentId === a.id)).toMatchObject({ status: 'not_started', reviewId: null, answered: 0 });
    const sheet = await s.api.reviews.open({ assignmentId: a.id });
    await s.api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: sheet.applicable[0], verdict: 'conform' });
    await s.api.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: sheet.applicable[1], verdict: 'conform' });
    const after = await s.api.reviews.queue({ campaignId: s.campaignId, reviewerId: a.reviewerId });
    expect(after[0]).toMatchObject({ assignmentId: a.id, status: 'draft', answered: 2, applicable: sheet.applicable.length, total: 100 });
    s.core.close();
  });
});
