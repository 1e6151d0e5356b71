/**
 * Answering and submitting limited by session (#18, docs/roles.md): once someone is chosen in 我是谁,
 * only the review's own reviewer may answer, clear, attach page references, confirm automatic findings
 * and submit it; a 组长 of the reviewer's team and the 法制机构 may read it; everyone else is refused
 * with `forbidden` and a reason naming who may. With nobody chosen everything works as before.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import type { Reviewer } from '../../shared/api/namespaces/reviewers';
import { AppError } from '../../shared/errors';
import { openCheckHarness } from '../checks/helpers';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { useTempDir } from '../foundation/temp';
import { errorOf } from './refusal';


const windowOf =
  (core: () => Core) =>
  (session?: string): Api =>
    createApiClient((m, i) => core().dispatch(m, i, { actor: 'os-user', transport: 'test', ...(session ? { session } : {}) }));

describe('who may work on and read a 评查表', () => {
  const tempDir = useTempDir();
  let core: Core;
  afterEach(() => core?.close());
  const windowApi = windowOf(() => core);

  async function setup() {
    core = await openCore(join(tempDir(), 'access.sqlite'));
    const office = windowApi();
    const campaign = await office.campaigns.create({ name: '权限测试', year: 2025 });
    const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 9, count: 60 })), 'utf-8');
    await office.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
    await office.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 2 }, seed: 's' });
    const add = (name: string, role: Reviewer['role'], team: string) => office.reviewers.add({ campaignId: campaign.id, name, unitName: '示例律师事务所', role, team });
    const people = {
      jia: await add('甲评查', 'reviewer', '一组'),
      yi: await add('乙评查', 'reviewer', '一组'),
      wang: await add('王组长', 'leader', '一组'),
      li: await add('李组长', 'leader', '二组'),
      zhao: await add('赵法制', 'legal_office', ''),
    };
    const { assignments } = await office.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: 'a' });
    const as = async (session: string, reviewerId: string) => {
      const api = windowApi(session);
      await api.session.choose({ reviewerId });
      return api;
    };
    const apis = {
      jia: await as('w-jia', people.jia.id),
      yi: await as('w-yi', people.yi.id),
      wang: await as('w-wang', people.wang.id),
      li: await as('w-li', people.li.id),
      zhao: await as('w-zhao', people.zhao.id),
    };
    const jiaAssignments = assignments.filter((a) => a.reviewerId === people.jia.id);
    return { office, campaign, people, apis, jiaAssignments };
  }

  /** 甲's first assignment that a template covers, opened by 甲 (or by `opener`). */
  async function openOne(opener: Api, list: { id: string }[]) {
    for (const a of list) {
      const sheet = await opener.reviews.open({ assignmentId: a.id }).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'forbidden') throw e;
        return null;
      });
      if (sheet) return { sheet, assignmentId: a.id };
    }
    throw new Error('no reviewable dossier for 甲评查 in the fixture');
  }

  it('only the assigned reviewer answers, clears, cites pages and submits; the refusal names who may', async () => {
    const { people, apis, jiaAssignments } = await setup();
    const { sheet } = await openOne(apis.jia, jiaAssignments);
    const reviewId = sheet.review.id;
    const [first, second] = sheet.applicable;
    await apis.jia.reviews.saveAnswer({ reviewId, itemCode: first, verdict: 'conform' });

    for (const who of [apis.yi, apis.wang, apis.zhao]) {
      const answer = await errorOf(who.reviews.saveAnswer({ reviewId, itemCode: second, verdict: 'conform' }));
      expect(answer.code).toBe('forbidden');
      expect(answer.message).toContain('只有本人可以填写评查结论');
      expect(answer.message).toContain('甲评查');
      expect(answer.message).toContain('“一组”组长和法制机构可以查看');
      const cite = await errorOf(who.reviews.saveAnswer({ reviewId, itemCode: first, verdict: 'conform', pageRefs: [{ page: 3 }] }));
      expect(cite.message).toContain('引用页码');
      expect((await errorOf(who.reviews.clearAnswer({ reviewId, itemCode: first }))).code).toBe('forbidden');
      expect((await errorOf(who.reviews.submit({ reviewId }))).message).toContain('只有本人可以提交');
    }
    // Nothing the refused callers sent was stored: one answer, the reviewer's, at the revision it made.
    const after = await apis.jia.reviews.get({ reviewId });
    expect(after.answers.map((a) => [a.itemCode, a.pageRefs.length])).toEqual([[first, 0]]);
    const refusedEdits = core.store.db.prepare(`SELECT COUNT(*) FROM audit_log WHERE entity = 'review' AND entity_id = ? AND action IN ('save_answer','clear_answer','submit')`).pluck().get(reviewId);
    expect(refusedEdits).toBe(1);

    // The reviewer does all of it.
    await apis.jia.reviews.saveAnswer({ reviewId, itemCode: first, verdict: 'conform', pageRefs: [{ page: 2, text: '立案审批表' }] });
    await apis.jia.reviews.clearAnswer({ reviewId, itemCode: first });
    for (const code of sheet.applicable) await apis.jia.reviews.saveAnswer({ reviewId, itemCode: code, verdict: 'conform' });
    expect((await apis.jia.reviews.submit({ reviewId })).status).toBe('submitted');
    // The audit log names the reviewer, not the OS user.
    const actors = core.store.db.prepare(`SELECT DISTINCT actor FROM audit_log WHERE entity = 'review' AND entity_id = ?`).pluck().all(reviewId);
    expect(actors).toEqual([`甲评查（评查员）#${people.jia.id}`]);
  });

  it('the team 组长 and the 法制机构 read it; a 组长 of another team and an unrelated 评查员 do not', async () => {
    const { apis, jiaAssignments, people, campaign } = await setup();
    const { sheet, assignmentId } = await openOne(apis.jia, jiaAssignments);
    const reviewId = sheet.review.id;

    expect((await apis.wang.reviews.get({ reviewId })).review.id).toBe(reviewId);
    expect((await apis.zhao.reviews.get({ reviewId })).review.id).toBe(reviewId);
    // 查看 in 待锁定 opens by assignment: reading an existing review.
    expect((await apis.wang.reviews.open({ assignmentId })).review.id).toBe(reviewId);

    const other = await errorOf(apis.li.reviews.get({ reviewId }));
    expect(other.code).toBe('forbidden');
    expect(other.message).toContain('只有本人、“一组”组长和法制机构可以查看');
    expect(other.message).toContain('“二组”的组长');
    expect((await errorOf(apis.li.reviews.open({ assignmentId }))).code).toBe('forbidden');
    // 乙 is not assigned to this dossier: not theirs to read.
    const peer = await errorOf(apis.yi.reviews.get({ reviewId }));
    expect(peer.code).toBe('forbidden');
    expect(peer.message).toContain('是评查员');

    // Queues: one's own, the team 组长's members', and every one for the 法制机构.
    expect((await apis.jia.reviews.queue({ campaignId: campaign.id, reviewerId: people.jia.id })).length).toBe(jiaAssignments.length);
    expect((await apis.wang.reviews.queue({ campaignId: campaign.id, reviewerId: people.jia.id })).length).toBe(jiaAssignments.length);
    expect((await apis.zhao.reviews.queue({ campaignId: campaign.id, reviewerId: people.jia.id })).length).toBe(jiaAssignments.length);
    expect((await errorOf(apis.yi.reviews.queue({ campaignId: campaign.id, reviewerId: people.jia.id }))).message).toContain('待评清单');
    expect((await errorOf(apis.li.reviews.queue({ campaignId: campaign.id, reviewerId: people.jia.id }))).code).toBe('forbidden');
  });

  it('nobody but the assignee starts a review; with nobody chosen everything works as before', async () => {
    const { office, apis, jiaAssignments } = await setup();
    const refused = await errorOf(apis.zhao.reviews.open({ assignmentId: jiaAssignments[0].id }));
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toContain('只有本人可以开始评查');
    expect(core.store.db.prepare('SELECT COUNT(*) FROM reviews').pluck().get()).toBe(0);

    // A single-user laptop: no session, the OS user answers and submits any review.
    const { sheet } = await openOne(office, jiaAssignments);
    for (const code of sheet.applicable) await office.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: code, verdict: 'conform' });
    expect((await office.reviews.submit({ reviewId: sheet.review.id })).status).toBe('submitted');
    const actors = core.store.db.prepare(`SELECT DISTINCT actor FROM audit_log WHERE entity = 'review' AND entity_id = ?`).pluck().all(sheet.review.id);
    expect(actors).toEqual(['os-user']);
  });
});

describe('confirming an automatic finding into someone else’s review', () => {
  const tempDir = useTempDir();

  it('is refused for anyone but the review’s reviewer, and nothing changes', async () => {
    const h = await openCheckHarness(tempDir());
    try {
      const api = h.api;
      await api.sampling.draw({ campaignId: h.campaignId, settings: { mode: 'per_unit', perUnit: 1000 }, seed: '全部' });
      const owner = await api.reviewers.add({ campaignId: h.campaignId, name: '王评查', unitName: '外市司法局', role: 'reviewer', team: '一组' });
      const { assignments } = await api.assignments.assign({ campaignId: h.campaignId, perDossier: 1, seed: '分配' });
      const leader = await api.reviewers.add({ campaignId: h.campaignId, name: '孙组长', unitName: '外市司法局', role: 'leader', team: '一组' });
      await api.checks.run({ campaignId: h.campaignId });
      const late = (await api.checks.list({ campaignId: h.campaignId })).find((f) => f.dossierNo === h.late && f.ruleId === 'D-PEN-11')!;
      const as = async (session: string, reviewerId: string) => {
        const w = windowOf(() => h.core)(session);
        await w.session.choose({ reviewerId });
        return w;
      };
      const wang = await as('w-wang', owner.id);
      const sun = await as('w-sun', leader.id);
      const sheet = await wang.reviews.open({ assignmentId: assignments.find((a) => a.caseNo === h.late)!.id });

      const refused = await errorOf(sun.checks.confirm({ findingId: late.id, reviewId: sheet.review.id }));
      expect(refused.code).toBe('forbidden');
      expect(refused.message).toContain('只有本人可以确认检查发现');
      expect(refused.message).toContain('王评查');
      expect((await api.checks.list({ campaignId: h.campaignId })).find((f) => f.id === late.id)!.status).toBe('proposed');
      expect((await wang.reviews.get({ reviewId: sheet.review.id })).answers).toEqual([]);

      const done = await wang.checks.confirm({ findingId: late.id, reviewId: sheet.review.id });
      expect(done.finding).toMatchObject({ status: 'confirmed', decidedBy: `王评查（评查员）#${owner.id}` });
    } finally {
      h.core.close();
    }
  });
});
