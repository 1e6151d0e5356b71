/**
 * Two decisions that are not a reviewer's to make for someone else (#18, docs/roles.md), once someone is
 * chosen in 我是谁: a 回避 (assignments.declareConflict) is declared by the reviewer concerned or recorded by
 * the 法制机构; choosing between two laptops' versions of a review (results.resolveConflict) is the
 * 法制机构's. Refusals are `forbidden`, name who may, and change nothing; with nobody chosen nothing refuses.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient, type Api } from '../../shared/api/contract';
import { openCheckHarness, type CheckHarness } from '../checks/helpers';
import { useTempDir } from '../foundation/temp';
import { errorOf } from './refusal';

describe('office decisions limited by session', () => {
  const tempDir = useTempDir();
  let h: CheckHarness | undefined;
  afterEach(() => h?.core.close());

  async function setup() {
    h = await openCheckHarness(tempDir());
    const { api, campaignId, core } = h;
    await api.sampling.draw({ campaignId, settings: { mode: 'per_unit', perUnit: 1000 }, seed: '全部' });
    const add = (name: string, role: 'reviewer' | 'leader' | 'legal_office', team: string) => api.reviewers.add({ campaignId, name, unitName: '外市司法局', role, team });
    const wang = await add('王评查', 'reviewer', '一组');
    const qian = await add('钱评查', 'reviewer', '一组');
    const zhou = await add('周评查', 'reviewer', '一组');
    const { assignments } = await api.assignments.assign({ campaignId, perDossier: 1, seed: '分配' });
    const sun = await add('孙组长', 'leader', '一组');
    const zhao = await add('赵法制', 'legal_office', '');
    const as = async (reviewerId: string): Promise<Api> => {
      const w = createApiClient((m, i) => core.dispatch(m, JSON.parse(JSON.stringify(i)), { actor: 'os-user', transport: 'test', session: `s-${reviewerId}` }));
      await w.session.choose({ reviewerId });
      return w;
    };
    const conflictCount = () => core.store.db.prepare('SELECT COUNT(*) FROM reviewer_conflicts').pluck().get() as number;
    return { api, campaignId, assignments, people: { wang, qian, zhou, sun, zhao }, as, conflictCount };
  }

  it('回避: the reviewer concerned declares it, the 法制机构 may record it; a 组长 or another reviewer is refused', async () => {
    const { assignments, people, as, conflictCount } = await setup();
    const ofWang = assignments.find((a) => a.reviewerId === people.wang.id)!;
    const ofQian = assignments.find((a) => a.reviewerId === people.qian.id)!;
    const declare = (api: Api, a: typeof ofWang) => api.assignments.declareConflict({ reviewerId: a.reviewerId, dossierId: a.dossierId, reason: '与当事人有亲属关系', seed: 'conflict' });

    for (const [who, name] of [[people.zhou, '周评查'], [people.sun, '孙组长']] as const) {
      const refused = await errorOf(declare(await as(who.id), ofWang));
      expect(refused.code).toBe('forbidden');
      expect(refused.message).toBe(`回避由评查人员本人申报或由法制机构登记；当前使用者“${name}”不能为“王评查”申报回避。`);
    }
    expect(conflictCount()).toBe(0);

    await declare(await as(people.wang.id), ofWang);
    await declare(await as(people.zhao.id), ofQian);
    expect(conflictCount()).toBe(2);
  });

  it('成果包冲突: only the 法制机构 decides; a 组长 or 评查员 is refused before anything is looked up', async () => {
    const { api, people, as } = await setup();
    const choose = (w: Api) => w.results.resolveConflict({ id: randomUUID(), choice: 'theirs', reason: '以送来的为准' });

    for (const [who, label] of [[people.sun, '组长“孙组长”'], [people.wang, '评查员“王评查”']] as const) {
      const refused = await errorOf(choose(await as(who.id)));
      expect(refused.code).toBe('forbidden');
      expect(refused.message).toBe(`成果包冲突的取舍由法制机构决定；当前操作人是${label}。`);
    }
    // The office, and a computer with nobody chosen, get as far as finding that there is no such conflict.
    expect((await errorOf(choose(await as(people.zhao.id)))).code).toBe('not_found');
    expect((await errorOf(choose(api))).code).toBe('not_found');
  });
});
