/**
 * The legal office's side of the merge, after an import: the laptops it knows, the merged reviews
 * with their "changed since sign-off" mark, and the conflicts — shown side by side item by item and
 * resolved by the office's choice, recorded in the audit log.
 */
import { mergeReads, mergeRepository, type AnswerWire, type ConflictRow, type MergeRepository, type ReviewWire, type TagWire } from '../../../../db/repositories/results';
import { templateRepository } from '../../../../db/repositories/templates';
import { nowIso } from '../../../../db/util';
import type { ConflictDetail, ConflictSummary } from '../../../../shared/api/namespaces/results';
import { AppError, notFound } from '../../../../shared/errors';
import type { CoreContext } from '../../context';
import { applyFacts, applyFinding, applyMap, applyReview, signOff } from './import';
import { signOffMarks } from '../../review/signoff-mark';
import { reviewService } from '../../review/service';
import { reviewBodyHash, reviewHash, type FactsPayload, type FindingPayload, type MapPayload, type ReviewPayload } from './wire';

/** One line of a review conflict and the side the office takes it from. */
export interface ItemChoice {
  key: string;
  take: 'ours' | 'theirs';
}

const STATUS = { draft: '草稿', submitted: '已提交', locked: '已锁定' } as const;
const VERDICT = { conform: '符合', deduct: '扣分', na: '不适用', veto: '否决' } as const;

export function officeViews(ctx: CoreContext) {
  const reads = mergeReads(ctx.read);
  const templates = templateRepository(ctx.store.db);

  const laptopOf = (storeId: string) => reads.laptopByStore(storeId);

  function title(c: ConflictRow): string {
    const payload = JSON.parse(c.payload) as unknown;
    switch (c.kind) {
      case 'review': {
        const p = payload as ReviewPayload;
        return `案卷 ${reads.dossierCaseNo(p.review.dossier_id) ?? p.review.dossier_id}（${reads.reviewerName(p.review.reviewer_id) ?? '评查人员'}）的评查`;
      }
      case 'facts':
        return `案卷 ${reads.dossierCaseNo(c.entity_id) ?? c.entity_id} 的关键事实更正`;
      case 'document_map': {
        const f = reads.fileTitle(c.entity_id);
        return f ? `案卷 ${f.case_no} 文件“${f.original_name}”的文书目录` : '文书目录';
      }
      case 'finding': {
        const p = payload as FindingPayload;
        return `案卷 ${reads.dossierCaseNo(p.finding.dossier_id) ?? ''} 的问题：${p.finding.message}`;
      }
    }
  }

  function changedSinceSignOff(c: ConflictRow): boolean {
    if (c.kind !== 'review') return false;
    const p = JSON.parse(c.payload) as ReviewPayload;
    const origin = reads.origin('review', c.entity_id);
    const theirs = signOff(p.review, reviewBodyHash(p.review, p.answers), origin?.signed_off_hash ?? null).changed_since_signoff === 1;
    return theirs || origin?.changed_since_signoff === 1;
  }

  function summary(c: ConflictRow): ConflictSummary {
    const laptop = laptopOf(c.store_id);
    return {
      id: c.id,
      kind: c.kind,
      entityId: c.entity_id,
      title: title(c),
      fingerprint: laptop?.fingerprint ?? '',
      laptopLabel: laptop?.label ?? '',
      status: c.status,
      createdAt: c.created_at,
      resolvedAt: c.resolved_at,
      resolvedBy: c.resolved_by,
      changedSinceSignOff: changedSinceSignOff(c),
    };
  }

  const mustConflict = (id: string): ConflictRow => {
    const c = reads.conflict(id);
    if (!c) throw notFound('合并冲突', id);
    return c;
  };

  const answerText = (a: AnswerWire | undefined): string | null => {
    if (!a) return null;
    const pages = (JSON.parse(a.page_refs) as { page: number }[]).map((r) => r.page);
    return [
      a.verdict === 'deduct' ? `扣 ${a.deduction} 分${a.occurrences ? `（${a.occurrences} 处）` : ''}` : VERDICT[a.verdict],
      a.note,
      pages.length ? `第 ${pages.join('、')} 页` : '',
    ].filter(Boolean).join(' · ');
  };

  function reviewLines(ours: { review: ReviewWire; answers: AnswerWire[] } | null, theirs: ReviewPayload) {
    const t = templates.cached(theirs.review.template_id)?.template;
    const itemTitle = new Map((t?.items ?? []).map((i) => [i.code, i.title]));
    // Total and grade are not chosen: they follow from the chosen items by rescoring.
    const line = (key: string, label: string, o: string | null, th: string | null) => ({
      key, label, ours: o, theirs: th, differs: o !== th, choosable: key !== 'total' && key !== 'grade',
    });
    const head = (r: ReviewWire | undefined) => ({
      status: r ? STATUS[r.status] : null,
      total: r?.total == null ? null : String(r.total),
      grade: r?.grade ?? null,
    });
    const o = head(ours?.review);
    const th = head(theirs.review);
    const lines = [line('status', '状态', o.status, th.status), line('total', '总分', o.total, th.total), line('grade', '等级', o.grade, th.grade)];
    const oursByCode = new Map((ours?.answers ?? []).map((a) => [a.item_code, a]));
    const theirsByCode = new Map(theirs.answers.map((a) => [a.item_code, a]));
    const codes = [...new Set([...(t?.items ?? []).map((i) => i.code), ...oursByCode.keys(), ...theirsByCode.keys()])].filter(
      (c) => oursByCode.has(c) || theirsByCode.has(c),
    );
    for (const code of codes) lines.push(line(code, `${code} ${itemTitle.get(code) ?? ''}`.trim(), answerText(oursByCode.get(code)), answerText(theirsByCode.get(code))));
    for (const [key, label] of [['strengths', '优点'], ['problems', '问题'], ['suggestions', '建议']] as const) {
      lines.push(line(key, label, ours ? ours.review[key] || null : null, theirs.review[key] || null));
    }
    return lines;
  }

  function detail(id: string): ConflictDetail {
    const c = mustConflict(id);
    const s = summary(c);
    const payload = JSON.parse(c.payload) as unknown;
    let lines: ConflictDetail['lines'] = [];
    const origin = reads.origin(c.kind, c.entity_id);
    const oursFrom = !origin || origin.store_id === 'office' ? '本库（法制机构）' : `电脑 ${laptopOf(origin.store_id)?.fingerprint.slice(0, 9) ?? ''}…（${laptopOf(origin.store_id)?.label ?? ''}）`;
    if (c.kind === 'review') {
      const current = reads.reviewById(c.entity_id);
      lines = reviewLines(current ? { review: current, answers: reads.answers(current.id) } : null, payload as ReviewPayload);
    } else if (c.kind === 'facts') {
      const p = payload as FactsPayload;
      const ours = JSON.parse(reads.dossier(c.entity_id)?.facts_override ?? '{}') as Record<string, unknown>;
      const keys = [...new Set([...Object.keys(ours), ...Object.keys(p.override)])].sort();
      const show = (v: unknown) => (v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));
      lines = keys.map((k) => ({ key: k, label: k, ours: show(ours[k]), theirs: show(p.override[k]), differs: show(ours[k]) !== show(p.override[k]), choosable: false }));
    } else if (c.kind === 'document_map') {
      const p = payload as MapPayload;
      const byPage = (tags: TagWire[]) => {
        const m = new Map<number, string>();
        for (const t of tags) m.set(t.page_no, [m.get(t.page_no), t.title].filter(Boolean).join('、'));
        return m;
      };
      const o = byPage(reads.tags(c.entity_id));
      const th = byPage(p.tags);
      const pages = [...new Set([...o.keys(), ...th.keys()])].sort((a, b) => a - b);
      lines = pages.map((pg) => ({ key: String(pg), label: `第 ${pg} 页`, ours: o.get(pg) ?? null, theirs: th.get(pg) ?? null, differs: o.get(pg) !== th.get(pg), choosable: false }));
    } else {
      const p = payload as FindingPayload;
      const ours = reads.findingById(c.entity_id);
      const show = (f: { status: string; decision_reason: string | null } | undefined) =>
        f ? `${{ proposed: '待确认', confirmed: '已确认', dismissed: '已排除' }[f.status] ?? f.status}${f.decision_reason ? `：${f.decision_reason}` : ''}` : null;
      lines = [{ key: 'decision', label: '处理结果', ours: show(ours), theirs: show(p.finding), differs: show(ours) !== show(p.finding), choosable: false }];
    }
    return { ...s, oursFrom, theirsFrom: `电脑 ${s.fingerprint.slice(0, 9)}…（${s.laptopLabel}）`, lines };
  }

  /**
   * The office's review taken line by line: each differing item, the status and each comment field
   * from the side chosen, then rescored by the template's scoring engine (the review service's own),
   * so total, grade and veto are right for the mix. Returns what the audit entry records.
   */
  function mixReview(repo: MergeRepository, c: ConflictRow, p: ReviewPayload, items: ItemChoice[]) {
    const current = repo.reviewById(c.entity_id);
    if (!current) throw new AppError('conflict', '本库中已没有这份评查记录，只能采用送来的版本。');
    const oursAnswers = repo.answers(current.id);
    const lines = reviewLines({ review: current, answers: oursAnswers }, p).filter((l) => l.choosable && l.differs);
    const take = new Map<string, 'ours' | 'theirs'>();
    for (const i of items) {
      if (!lines.some((l) => l.key === i.key)) throw new AppError('invalid_argument', `“${i.key}”不是这条冲突中两边不同、可逐项选择的内容，未作任何修改。`, { key: i.key });
      take.set(i.key, i.take);
    }
    const unchosen = lines.filter((l) => !take.has(l.key));
    if (unchosen.length) {
      throw new AppError('invalid_argument', `还有 ${unchosen.length} 项未选择（${unchosen.slice(0, 5).map((l) => l.label).join('、')}${unchosen.length > 5 ? ' 等' : ''}），未作任何修改。`, {
        unchosen: unchosen.map((l) => l.key),
      });
    }
    const theirsSide = (key: string) => take.get(key) === 'theirs';
    const oursByCode = new Map(oursAnswers.map((a) => [a.item_code, a]));
    const theirsByCode = new Map(p.answers.map((a) => [a.item_code, a]));
    const answers: AnswerWire[] = [];
    for (const code of new Set([...oursByCode.keys(), ...theirsByCode.keys()])) {
      const a = theirsSide(code) ? theirsByCode.get(code) : oursByCode.get(code);
      if (a) answers.push(a);
    }
    const status = theirsSide('status') ? p.review : current;
    const mixed: ReviewWire = {
      ...current,
      status: status.status,
      submitted_at: status.submitted_at,
      locked_at: status.locked_at,
      locked_by: status.locked_by,
      strengths: theirsSide('strengths') ? p.review.strengths : current.strengths,
      problems: theirsSide('problems') ? p.review.problems : current.problems,
      suggestions: theirsSide('suggestions') ? p.review.suggestions : current.suggestions,
    };
    applyReview(repo, { review: mixed, answers }, current.id);
    const { score } = reviewService(ctx).rescore(current.id);
    const after = repo.reviewById(current.id)!;
    const afterAnswers = repo.answers(current.id);
    return {
      after,
      afterAnswers,
      audit: {
        items: lines.map((l) => ({ key: l.key, label: l.label, take: take.get(l.key)! })),
        total: { before: current.total, after: score.total },
        grade: { before: current.grade, after: score.grade },
        veto: score.veto.hit,
      },
    };
  }

  function resolve(id: string, choice: 'ours' | 'theirs' | 'items', actor: string, reason?: string, items: ItemChoice[] = []): ConflictSummary {
    return ctx.tx(() => {
      const repo = mergeRepository(ctx.db);
      const c = mustConflict(id);
      if (c.status !== 'open') throw new AppError('conflict', '该冲突已处理过，请刷新列表。');
      const at = nowIso();
      const payload = JSON.parse(c.payload) as unknown;
      let mixedAudit: ReturnType<typeof mixReview>['audit'] | null = null;
      if (choice === 'items') {
        if (c.kind !== 'review') throw new AppError('invalid_argument', '只有评查记录的冲突可以逐项选择；其他冲突请整体保留或采用。');
        const prev = repo.origin(c.kind, c.entity_id);
        const mixed = mixReview(repo, c, payload as ReviewPayload, items);
        mixedAudit = mixed.audit;
        // The mix is the office's own version: a later package from either laptop is a conflict with it.
        const body = reviewBodyHash(mixed.after, mixed.afterAnswers);
        repo.upsertOrigin({
          kind: 'review', entity_id: c.entity_id, store_id: 'office', version: c.version,
          content_hash: reviewHash(mixed.after, mixed.afterAnswers),
          signed_off_hash: prev?.signed_off_hash ?? null,
          changed_since_signoff: prev?.signed_off_hash && prev.signed_off_hash !== body ? 1 : 0,
        });
      } else if (choice === 'theirs') {
        const prev = repo.origin(c.kind, c.entity_id);
        let signed = { signed_off_hash: prev?.signed_off_hash ?? null, changed_since_signoff: 0 };
        if (c.kind === 'review') {
          const p = payload as ReviewPayload;
          applyReview(repo, p, repo.reviewById(c.entity_id) ? c.entity_id : null);
          signed = signOff(p.review, reviewBodyHash(p.review, p.answers), prev?.signed_off_hash ?? null);
        } else if (c.kind === 'facts') applyFacts(repo, payload as FactsPayload);
        else if (c.kind === 'document_map') applyMap(repo, payload as MapPayload);
        else applyFinding(repo, payload as FindingPayload, repo.findingById(c.entity_id) ? c.entity_id : null);
        repo.upsertOrigin({ kind: c.kind, entity_id: c.entity_id, store_id: c.store_id, version: c.version, content_hash: c.content_hash, ...signed });
      }
      repo.resolveConflict(c.id, choice === 'items' ? 'mixed' : choice === 'theirs' ? 'took_theirs' : 'kept_ours', at, actor);
      const laptop = repo.laptopByStore(c.store_id);
      ctx.audit({
        actor,
        action: 'resolve_merge_conflict',
        entity: c.kind,
        entityId: c.entity_id,
        before: { conflictId: c.id },
        after: { choice, from: laptop?.fingerprint ?? c.store_id, contentHash: c.content_hash, ...(mixedAudit ?? {}) },
        reason: reason ?? null,
      });
      return summary(repo.conflict(c.id)!);
    });
  }

  return {
    laptops: () => {
      const stats = new Map(reads.laptopStats().map((s) => [s.store_id, s]));
      return reads.laptops().map((l) => ({
        storeId: l.store_id,
        fingerprint: l.fingerprint,
        label: l.label,
        confirmedBy: l.confirmed_by,
        firstImportAt: l.first_import_at,
        lastImportAt: l.last_import_at,
        auditHeadSeq: l.audit_head_seq,
        signedHead: signedHeadSummary(l.signed_head),
        receivedAuditEntries: reads.receivedAuditCount(l.store_id),
        packages: stats.get(l.store_id)?.packages ?? 0,
      }));
    },
    imports: (campaignId: string) =>
      reads.imports(campaignId).map((i) => ({
        id: i.id,
        exportId: i.export_id,
        fileName: i.file_name,
        fingerprint: i.fingerprint,
        mode: i.mode,
        importedAt: i.imported_at,
        actor: i.actor,
        summary: JSON.parse(i.summary) as unknown,
      })),
    reviews: (campaignId: string) => {
      const marks = signOffMarks(ctx.db);
      return reads.mergedReviews(campaignId).map((r) => ({
        reviewId: r.id,
        caseNo: r.case_no,
        unitName: r.unit_name,
        reviewerName: r.reviewer_name,
        team: r.team,
        status: r.status,
        total: r.total,
        grade: r.grade,
        fromFingerprint: r.fingerprint,
        // The merge's mark, or an edit here (the office reopened it in the workspace) since its sign-off.
        changedSinceSignOff: r.changed_since_signoff === 1 || marks.changedSinceSignOff(r.id),
        openConflicts: r.open_conflicts,
      }));
    },
    conflicts: (campaignId: string, includeResolved: boolean) => reads.conflicts(campaignId, includeResolved).map(summary),
    conflict: detail,
    resolve,
  };
}

/** The stored signed head, as the laptop list shows it. */
function signedHeadSummary(json: string | null): { seq: number; signedAt: string } | null {
  if (!json) return null;
  const h = JSON.parse(json) as { seq: number; signedAt: string };
  return { seq: h.seq, signedAt: h.signedAt };
}
