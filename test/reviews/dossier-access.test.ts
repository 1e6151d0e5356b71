/**
 * Session limits beyond a review's answers (#18, docs/roles.md): once someone is chosen in 我是谁,
 * dismissing or reverting an automatic finding and correcting a dossier's key facts are the work of the
 * reviewers assigned to the dossier; exporting one reviewer's own 评查表 is open to whoever may read it
 * (its reviewer, the team's 组长, the 法制机构, a co-reviewer once blind review allows) and recorded
 * when it is someone else's. Every refusal is `forbidden`, names who may, and changes nothing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient, type Api } from '../../shared/api/contract';
import { openCheckHarness, type CheckHarness } from '../checks/helpers';
import { useTempDir } from '../foundation/temp';
import { errorOf } from './refusal';

describe('dossier work and single-sheet export limited by session', () => {
  const tempDir = useTempDir();
  let h: CheckHarness | undefined;
  afterEach(() => h?.core.close());

  async function setup() {
    h = await openCheckHarness(tempDir());
    const { api, campaignId } = h;
    await api.sampling.draw({ campaignId, settings: { mode: 'per_unit', perUnit: 1000 }, seed: '全部' });
    const add = (name: string, role: 'reviewer' | 'leader' | 'legal_office', team: string) => api.reviewers.add({ campaignId, name, unitName: '外市司法局', role, team });
    // 王 and 钱 review every dossier together (blind); the others join after the assignment.
    const wangP = await add('王评查', 'reviewer', '一组');
    const qianP = await add('钱评查', 'reviewer', '一组');
    const { assignments } = await api.assignments.assign({ campaignId, perDossier: 2, seed: '分配' });
    const people = { wang: wangP, qian: qianP, sun: await add('孙组长', 'leader', '一组'), li: await add('李组长', 'leader', '二组'), zhao: await add('赵法制', 'legal_office', ''), zhou: await add('周评查', 'reviewer', '一组') };
    const core = h.core;
    const as = async (session: string, reviewerId: string): Promise<Api> => {
      const w = createApiClient((m, i) => core.dispatch(m, JSON.parse(JSON.stringify(i)), { actor: 'os-user', transport: 'test', session }));
      await w.session.choose({ reviewerId });
      return w;
    };
    const apis = {
      wang: await as('w-wang', people.wang.id),
      qian: await as('w-qian', people.qian.id),
      sun: await as('w-sun', people.sun.id),
      li: await as('w-li', people.li.id),
      zhao: await as('w-zhao', people.zhao.id),
      zhou: await as('w-zhou', people.zhou.id),
    };
    await api.checks.run({ campaignId });
    const findings = await api.checks.list({ campaignId });
    const late = findings.find((f) => f.dossierNo === h!.late && f.ruleId === 'D-PEN-11')!;
    const lateAssignment = (reviewerId: string) => assignments.find((a) => a.caseNo === h!.late && a.reviewerId === reviewerId)!;
    return { h, api, campaignId, people, apis, late, lateAssignment };
  }

  const auditCount = (action: string, entityId: string) =>
    h!.core.store.db.prepare('SELECT COUNT(*) FROM audit_log WHERE action = ? AND entity_id = ?').pluck().get(action, entityId) as number;
  const actorsOf = (action: string, entityId: string) =>
    h!.core.store.db.prepare('SELECT actor FROM audit_log WHERE action = ? AND entity_id = ? ORDER BY seq').pluck().all(action, entityId) as string[];

  it('checks.dismiss and checks.revert: the assigned reviewers decide; 组长, 法制机构 and others are refused and nothing changes', async () => {
    const { api, campaignId, people, apis, late } = await setup();
    const status = async () => (await api.checks.list({ campaignId })).find((f) => f.id === late.id)!.status;

    for (const [who, role] of [
      [apis.sun, '“一组”组长“孙组长”'],
      [apis.zhao, '法制机构“赵法制”'],
      [apis.li, '“二组”组长“李组长”'],
      [apis.zhou, '评查员“周评查”'],
    ] as const) {
      const refused = await errorOf(who.checks.dismiss({ findingId: late.id, reason: '误报' }));
      expect(refused.code).toBe('forbidden');
      expect(refused.message).toContain(`案卷 ${h!.late} 分配给评查人员“王评查”、“钱评查”，只有承办的评查人员可以驳回检查发现`);
      expect(refused.message).toContain(`当前使用者是${role}`);
    }
    expect(await status()).toBe('proposed');
    expect(auditCount('dismiss_finding', late.id)).toBe(0);

    // 钱 is a co-reviewer of the dossier: the finding is theirs too.
    const dismissed = await apis.qian.checks.dismiss({ findingId: late.id, reason: '当事人书面同意电子送达' });
    expect(dismissed.finding).toMatchObject({ status: 'dismissed', decidedBy: `钱评查（评查员）#${people.qian.id}` });
    expect(actorsOf('dismiss_finding', late.id)).toEqual([`钱评查（评查员）#${people.qian.id}`]);

    // Taking a dismissal back is the dossier's reviewers' work as well.
    const revertRefused = await errorOf(apis.zhao.checks.revert({ findingId: late.id }));
    expect(revertRefused.code).toBe('forbidden');
    expect(revertRefused.message).toContain('只有承办的评查人员可以撤销对检查发现的驳回');
    expect(await status()).toBe('dismissed');
    expect((await apis.wang.checks.revert({ findingId: late.id })).finding.status).toBe('proposed');
    expect(actorsOf('revert_finding', late.id)).toEqual([`王评查（评查员）#${people.wang.id}`]);
  });

  it('reverting a confirmation is the reviewer’s whose 评查表 it was written into, not the co-reviewer’s', async () => {
    const { api, campaignId, people, apis, late, lateAssignment } = await setup();
    const sheet = await apis.wang.reviews.open({ assignmentId: lateAssignment(people.wang.id).id });
    await apis.wang.checks.confirm({ findingId: late.id, reviewId: sheet.review.id });

    for (const who of [apis.qian, apis.sun, apis.zhao]) {
      const refused = await errorOf(who.checks.revert({ findingId: late.id }));
      expect(refused.code).toBe('forbidden');
      expect(refused.message).toContain('只有本人可以撤销对检查发现的确认');
      expect(refused.message).toContain('王评查');
    }
    expect((await api.checks.list({ campaignId })).find((f) => f.id === late.id)!.status).toBe('confirmed');
    const r = await apis.wang.checks.revert({ findingId: late.id });
    expect(r).toMatchObject({ previous: 'confirmed', answerKept: true });
    expect(actorsOf('revert_finding', late.id)).toEqual([`王评查（评查员）#${people.wang.id}`]);
  });

  it('reviews.correctFacts: only the dossier’s reviewers correct; the refusal stores nothing', async () => {
    const { api, campaignId, people, apis } = await setup();
    const dossierId = (await api.dossiers.list({ campaignId, search: h!.late })).items.find((d) => d.caseNo === h!.late)!.id;
    const correction = { dossierId, changes: { dateDecisionServed: '2024-05-10' } };

    for (const who of [apis.sun, apis.zhao, apis.li, apis.zhou]) {
      const refused = await errorOf(who.reviews.correctFacts(correction));
      expect(refused.code).toBe('forbidden');
      expect(refused.message).toContain('只有承办的评查人员可以更正关键事实');
      expect(refused.message).toContain('组长和法制机构可以查看');
    }
    // Reading stays open to them.
    const before = await apis.zhao.reviews.facts({ dossierId });
    expect(before.fields.find((f) => f.key === 'dateDecisionServed')).toMatchObject({ corrected: false, value: '2024-05-16' });
    expect(auditCount('correct_facts', dossierId)).toBe(0);

    const after = await apis.wang.reviews.correctFacts(correction);
    expect(after.fields.find((f) => f.key === 'dateDecisionServed')).toMatchObject({ corrected: true, value: '2024-05-10' });
    expect(actorsOf('correct_facts', dossierId)).toEqual([`王评查（评查员）#${people.wang.id}`]);

    // With nobody chosen (a single-user laptop, the CLI) it works as before.
    const reset = await api.reviews.correctFacts({ dossierId, reset: ['dateDecisionServed'] });
    expect(reset.fields.find((f) => f.key === 'dateDecisionServed')!.corrected).toBe(false);
  });

  it('exports.start of one reviewer’s 评查表: readers may, with someone else’s recorded; others and a blind co-reviewer are refused before any file', async () => {
    const { people, apis, campaignId, lateAssignment } = await setup();
    const sheet = await apis.wang.reviews.open({ assignmentId: lateAssignment(people.wang.id).id });
    const reviewId = sheet.review.id;
    const dir = tempDir();
    let n = 0;
    const exportAs = async (who: Api) => {
      const path = join(dir, `sheet-${++n}.docx`);
      const { jobId } = await who.exports.start({ campaignId, kind: 'sheet', format: 'docx', dossierId: sheet.dossier.id, reviewId, destination: { kind: 'path', path } });
      const job = await h!.core.context.jobs.wait(jobId);
      expect(job.error ?? null).toBeNull();
      expect(existsSync(path)).toBe(true);
    };

    await exportAs(apis.wang);
    expect(auditCount('export_review_sheet', reviewId)).toBe(0);
    await exportAs(apis.sun);
    await exportAs(apis.zhao);
    expect(actorsOf('export_review_sheet', reviewId)).toEqual([`孙组长（组长）#${people.sun.id}`, `赵法制（法制机构）#${people.zhao.id}`]);

    const refusedPath = join(dir, 'refused.docx');
    const refuse = (who: Api) => errorOf(who.exports.start({ campaignId, kind: 'sheet', format: 'docx', dossierId: sheet.dossier.id, reviewId, destination: { kind: 'path', path: refusedPath } }));
    const li = await refuse(apis.li);
    expect(li.code).toBe('forbidden');
    expect(li.message).toContain('只有本人、“一组”组长和法制机构可以查看');
    const zhou = await refuse(apis.zhou);
    expect(zhou.code).toBe('forbidden');
    expect(zhou.message).toContain('是评查员');
    // 钱 reviews the same dossier and has not even opened their own 评查表: blind review.
    const blind = await refuse(apis.qian);
    expect(blind.code).toBe('forbidden');
    expect(blind.message).toContain('盲评');
    expect(existsSync(refusedPath)).toBe(false);
    expect(auditCount('export_review_sheet', reviewId)).toBe(2);

    // Once 钱 has submitted their own, they may read 王's — and take it out, recorded.
    const own = await apis.qian.reviews.open({ assignmentId: lateAssignment(people.qian.id).id });
    for (const code of own.applicable) await apis.qian.reviews.saveAnswer({ reviewId: own.review.id, itemCode: code, verdict: 'conform' });
    await apis.qian.reviews.submit({ reviewId: own.review.id });
    await exportAs(apis.qian);
    expect(actorsOf('export_review_sheet', reviewId).at(-1)).toBe(`钱评查（评查员）#${people.qian.id}`);
  });

  it('exports.start of a dossier’s sheet (its final result, no reviewId): only for one who may read each of its reviews; a blind co-reviewer is refused', async () => {
    const { people, apis, campaignId, lateAssignment, api } = await setup();
    const theirs = await apis.qian.reviews.open({ assignmentId: lateAssignment(people.qian.id).id });
    for (const code of theirs.applicable) await apis.qian.reviews.saveAnswer({ reviewId: theirs.review.id, itemCode: code, verdict: 'conform' });
    const dir = tempDir();
    const exportAs = (who: Api, name: string) =>
      who.exports.start({ campaignId, kind: 'sheet', format: 'docx', dossierId: theirs.dossier.id, destination: { kind: 'path', path: join(dir, name) } });

    // 王 reviews the same dossier and has not opened, let alone submitted, their own: 钱's answers stay hidden.
    const blind = await errorOf(exportAs(apis.wang, 'wang.docx'));
    expect(blind.code).toBe('forbidden');
    expect(blind.message).toContain('盲评');
    const otherTeam = await errorOf(exportAs(apis.li, 'li.docx'));
    expect(otherTeam.code).toBe('forbidden');
    expect(existsSync(join(dir, 'wang.docx')) || existsSync(join(dir, 'li.docx'))).toBe(false);

    for (const [who, name] of [[apis.qian, 'qian.docx'], [apis.sun, 'sun.docx'], [apis.zhao, 'zhao.docx'], [api, 'nobody.docx']] as const) {
      const job = await h!.core.context.jobs.wait((await exportAs(who, name)).jobId);
      expect(job.error ?? null, name).toBeNull();
      expect(existsSync(join(dir, name)), name).toBe(true);
    }
  });

  it('exports that gather every team’s reviews (bulletin, workbook, unit summary, notice) are the 法制机构’s with someone chosen; a blank sheet is anyone’s', async () => {
    const { apis, campaignId, api, people, lateAssignment } = await setup();
    const late = h!.late;
    const own = await apis.qian.reviews.open({ assignmentId: lateAssignment(people.qian.id).id });
    for (const code of own.applicable) await apis.qian.reviews.saveAnswer({ reviewId: own.review.id, itemCode: code, verdict: 'conform' });
    await apis.qian.reviews.submit({ reviewId: own.review.id });
    const dir = tempDir();
    const unitName = (await api.dossiers.list({ campaignId, search: late, limit: 1 })).items[0].unitName;
    const start = (who: Api, kind: 'bulletin' | 'workbook' | 'summary' | 'notice', name: string) =>
      who.exports.start({ campaignId, kind, format: kind === 'workbook' ? 'xlsx' : 'docx', ...(kind === 'summary' || kind === 'notice' ? { unitName } : {}), destination: { kind: 'path', path: join(dir, name) } });
    for (const [kind, label] of [['bulletin', '评查情况通报'], ['workbook', '评查数据工作簿'], ['summary', '单位评查汇总'], ['notice', '整改通知']] as const) {
      for (const [who, role] of [[apis.wang, '评查员“王评查”'], [apis.sun, '组长“孙组长”']] as const) {
        const refused = await errorOf(start(who, kind, `${kind}-refused`));
        expect(refused.code).toBe('forbidden');
        expect(refused.message).toBe(`${label}由法制机构导出；当前操作人是${role}。`);
      }
    }
    expect(existsSync(join(dir, 'bulletin-refused'))).toBe(false);
    for (const [who, name] of [[apis.zhao, 'office.xlsx'], [api, 'nobody.xlsx']] as const) {
      const job = await h!.core.context.jobs.wait((await start(who, 'workbook', name)).jobId);
      expect(job.error ?? null, name).toBeNull();
      expect(existsSync(join(dir, name)), name).toBe(true);
    }
    const blank = await apis.zhou.exports.start({ campaignId, kind: 'blank', format: 'docx', caseNo: late, destination: { kind: 'path', path: join(dir, 'blank.docx') } });
    expect((await h!.core.context.jobs.wait(blank.jobId)).error ?? null).toBeNull();
  });
});
