/**
 * Who is at the keyboard (#18): sessions per window, PINs, the audit actor, and who may lock or send
 * back a review — all through the API, as a window or a browser tab would call it.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { createApiClient, type Api } from '../../shared/api/contract';
import type { CallContext } from '../../shared/api/define';
import type { Reviewer } from '../../shared/api/namespaces/reviewers';
import { encodeCsv, generateRegisterRows, registerToCsv } from '../fixtures/registers';
import { useTempDir } from '../foundation/temp';
import { errorOf } from './refusal';


describe('roles: sessions, PINs and sign-off', () => {
  const tempDir = useTempDir();
  let core: Core;
  afterEach(() => core?.close());

  /** A window: its own session key, the OS user as the fallback actor. */
  const windowApi = (session?: string, extra: Partial<CallContext> = {}): Api =>
    createApiClient((m, i) => core.dispatch(m, i, { actor: 'os-user', transport: 'test', ...(session ? { session } : {}), ...extra }));

  async function setup() {
    core = await openCore(join(tempDir(), 'roles.sqlite'));
    const office = windowApi();
    const campaign = await office.campaigns.create({ name: '角色测试', year: 2025 });
    const csv = encodeCsv(registerToCsv(generateRegisterRows({ seed: 9, count: 60 })), 'utf-8');
    await office.registers.import({ campaignId: campaign.id, files: [{ name: 'r.csv', dataBase64: csv.toString('base64') }] });
    await office.sampling.draw({ campaignId: campaign.id, settings: { mode: 'per_unit', perUnit: 2 }, seed: 's' });
    const add = (name: string, role: Reviewer['role'], team: string) =>
      office.reviewers.add({ campaignId: campaign.id, name, unitName: '示例律师事务所', role, team });
    const people = {
      jia: await add('甲评查', 'reviewer', '一组'),
      wang: await add('王组长', 'leader', '一组'),
      li: await add('李组长', 'leader', '二组'),
      zhao: await add('赵法制', 'legal_office', ''),
    };
    const { assignments } = await office.assignments.assign({ campaignId: campaign.id, perDossier: 1, seed: 'a' });
    const jia = windowApi('window-jia');
    await jia.session.choose({ reviewerId: people.jia.id });
    // A submitted review of 甲评查's (one whose template applies).
    let reviewId: string | null = null;
    for (const a of assignments.filter((x) => x.reviewerId === people.jia.id)) {
      const sheet = await jia.reviews.open({ assignmentId: a.id }).catch(() => null);
      if (!sheet) continue;
      for (const code of sheet.applicable) await jia.reviews.saveAnswer({ reviewId: sheet.review.id, itemCode: code, verdict: 'conform' });
      await jia.reviews.submit({ reviewId: sheet.review.id });
      reviewId = sheet.review.id;
      break;
    }
    if (!reviewId) throw new Error('no reviewable dossier for 甲评查 in the fixture');
    return { office, campaign, people, jia, reviewId };
  }

  it('a 评查员, a caller with no session and a 组长 of another team cannot lock; the team 组长 can; the audit names each person', async () => {
    const { office, campaign, people, jia, reviewId } = await setup();

    const own = await errorOf(jia.reviews.lock({ reviewId }));
    expect(own.code).toBe('forbidden');
    expect(own.message).toContain('评查员不能锁定');
    const nobody = await errorOf(office.reviews.lock({ reviewId }));
    expect(nobody.code).toBe('forbidden');
    expect(nobody.message).toContain('我是谁');
    // A caller cannot claim a reviewer: the core takes it from the session only.
    const forged = windowApi(undefined, { reviewer: { id: people.wang.id, campaignId: campaign.id, name: '王组长', role: 'leader', team: '一组' } });
    expect((await errorOf(forged.reviews.lock({ reviewId }))).code).toBe('forbidden');

    const li = windowApi('window-li');
    await li.session.choose({ reviewerId: people.li.id });
    const other = await errorOf(li.reviews.lock({ reviewId }));
    expect(other.code).toBe('forbidden');
    expect(other.message).toContain('二组');
    expect((await errorOf(li.reviews.reopen({ reviewId, reason: '不是本组' }))).code).toBe('forbidden');
    expect((await li.reviews.awaitingLock({ campaignId: campaign.id })).entries.map((e) => e.reviewId)).not.toContain(reviewId);
    expect((await errorOf(jia.reviews.awaitingLock({ campaignId: campaign.id }))).code).toBe('forbidden');

    const wang = windowApi('window-wang');
    await wang.session.choose({ reviewerId: people.wang.id });
    const awaiting = await wang.reviews.awaitingLock({ campaignId: campaign.id });
    expect(awaiting).toMatchObject({ scope: 'team', team: '一组' });
    expect(awaiting.entries).toEqual([expect.objectContaining({ reviewId, reviewerName: '甲评查', team: '一组' })]);
    const still = await jia.reviews.get({ reviewId });
    expect(still.review.status).toBe('submitted');

    const locked = await wang.reviews.lock({ reviewId });
    const wangActor = `王组长（组长）#${people.wang.id}`;
    expect(locked).toMatchObject({ status: 'locked', lockedBy: wangActor });
    expect((await wang.reviews.awaitingLock({ campaignId: campaign.id })).entries).toEqual([]);

    const log = await office.audit.list({ entityId: reviewId, limit: 500 });
    expect(log.find((e) => e.action === 'lock')?.actor).toBe(wangActor);
    expect(log.find((e) => e.action === 'submit')?.actor).toBe(`甲评查（评查员）#${people.jia.id}`);
    expect(log.filter((e) => e.action === 'save_answer').every((e) => e.actor === `甲评查（评查员）#${people.jia.id}`)).toBe(true);
    expect(log.some((e) => e.actor === 'os-user')).toBe(false);
    expect(await office.audit.verify({})).toMatchObject({ ok: true });
  });

  it('退回 keeps its reason for the reviewer until the review is submitted again; the 法制机构 may lock any team', async () => {
    const { campaign, people, jia, reviewId } = await setup();
    const wang = windowApi('window-wang');
    await wang.session.choose({ reviewerId: people.wang.id });
    const back = await wang.reviews.reopen({ reviewId, reason: '第 3 项扣分缺卷内页码' });
    expect(back).toMatchObject({ status: 'draft', returnedReason: '第 3 项扣分缺卷内页码', returnedBy: `王组长（组长）#${people.wang.id}` });
    expect(back.returnedAt).not.toBeNull();
    // What the reviewer's workspace loads.
    expect((await jia.reviews.get({ reviewId })).review.returnedReason).toBe('第 3 项扣分缺卷内页码');
    const queued = (await jia.reviews.queue({ campaignId: campaign.id, reviewerId: people.jia.id })).find((q) => q.reviewId === reviewId);
    expect(queued).toMatchObject({ status: 'draft', returnedReason: '第 3 项扣分缺卷内页码' });
    const again = await jia.reviews.submit({ reviewId });
    expect(again).toMatchObject({ status: 'submitted', returnedReason: null, returnedBy: null, returnedAt: null });

    const zhao = windowApi('window-zhao');
    await zhao.session.choose({ reviewerId: people.zhao.id });
    const all = await zhao.reviews.awaitingLock({ campaignId: campaign.id });
    expect(all.scope).toBe('all');
    expect(all.entries.map((e) => e.reviewId)).toContain(reviewId);
    expect(await zhao.reviews.lock({ reviewId })).toMatchObject({ status: 'locked', lockedBy: `赵法制（法制机构）#${people.zhao.id}` });
  });

  it('a PIN: wrong and missing refused (and audited), right accepted; stored only as an scrypt hash; changed only by its owner or the 法制机构', async () => {
    const { office, people } = await setup();
    const setter = windowApi('window-setup');
    await setter.session.setPin({ reviewerId: people.wang.id, pin: '2468' }); // none yet: anyone may set it
    const stored = core.store.db.prepare('SELECT pin_hash FROM reviewers WHERE id = ?').pluck().get(people.wang.id) as string;
    expect(stored).toMatch(/^scrypt\$\d+\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(stored).not.toContain('2468');
    expect((await setter.session.roster({ campaignId: people.wang.campaignId })).find((m) => m.id === people.wang.id)?.hasPin).toBe(true);

    const shared = windowApi('window-shared');
    const missing = await errorOf(shared.session.choose({ reviewerId: people.wang.id }));
    expect(missing).toMatchObject({ code: 'forbidden', details: { needsPin: true } });
    const wrong = await errorOf(shared.session.choose({ reviewerId: people.wang.id, pin: '1357' }));
    expect(wrong.code).toBe('forbidden');
    expect(wrong.message).toContain('PIN 不正确');
    expect((await shared.session.current({})).reviewer).toBeNull();
    const right = await shared.session.choose({ reviewerId: people.wang.id, pin: '2468' });
    expect(right.reviewer).toMatchObject({ id: people.wang.id, role: 'leader', team: '一组', hasPin: true, campaignName: '角色测试' });
    const refusals = (await office.audit.list({ entityId: people.wang.id, limit: 50 })).filter((e) => e.action === 'session_pin_refused');
    expect(refusals).toHaveLength(2);

    // Someone else cannot change it; the 法制机构 can (a forgotten PIN); the owner can.
    const jia = windowApi('window-jia');
    expect((await errorOf(jia.session.setPin({ reviewerId: people.wang.id, pin: '0000' }))).code).toBe('forbidden');
    expect((await errorOf(setter.session.setPin({ reviewerId: people.wang.id, pin: '12' }))).code).toBe('invalid_argument');
    await shared.session.setPin({ reviewerId: people.wang.id, pin: '9753' });
    expect((await errorOf(windowApi('w2').session.choose({ reviewerId: people.wang.id, pin: '2468' }))).code).toBe('forbidden');
    const zhao = windowApi('window-zhao');
    await zhao.session.choose({ reviewerId: people.zhao.id });
    expect(await zhao.session.setPin({ reviewerId: people.wang.id, pin: null })).toMatchObject({ hasPin: false });
    expect((await windowApi('w3').session.choose({ reviewerId: people.wang.id })).reviewer?.id).toBe(people.wang.id);
  });

  it('sessions are per window, end on leave, and the command line has none', async () => {
    const { people } = await setup();
    const a = windowApi('window-a');
    const b = windowApi('window-b');
    await a.session.choose({ reviewerId: people.li.id });
    expect((await a.session.current({})).reviewer?.name).toBe('李组长');
    expect(await b.session.current({})).toEqual({ reviewer: null, available: true });
    expect(await a.session.leave({})).toEqual({ reviewer: null, available: true });
    const cli = createApiClient((m, i) => core.dispatch(m, i, { actor: 'os-user', transport: 'cli' }));
    expect(await cli.session.current({})).toEqual({ reviewer: null, available: false });
    expect((await errorOf(cli.session.choose({ reviewerId: people.li.id }))).code).toBe('invalid_argument');
    // A removed roster member's session ends.
    const c = windowApi('window-c');
    const temp = await c.reviewers.add({ campaignId: people.li.campaignId, name: '临时', unitName: '', role: 'reviewer' });
    await c.session.choose({ reviewerId: temp.id });
    await windowApi().reviewers.remove({ id: temp.id });
    expect((await c.session.current({})).reviewer).toBeNull();
  });
});
