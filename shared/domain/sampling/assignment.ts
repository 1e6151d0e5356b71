/**
 * Random reviewer assignment (双随机 / 交叉评查) with recusal (回避) and balanced workload. Pure and
 * deterministic: same dossiers, reviewers, conflicts and seed (in any input order) ⇒ same assignment.
 * Specified in docs/sampling.md (part B).
 */
import { AppError } from '../../errors';
import { Xoshiro128ss, compareCodePoints } from './prng';

export const ASSIGNMENT_ALGORITHM = 'sha256-xoshiro128ss-least-loaded-v1';

export type ReviewerRole = 'reviewer' | 'leader' | 'legal_office';

export interface AssignReviewer {
  id: string;
  name?: string;
  /** May be '' (a lawyer, a 监督员 without a unit). */
  unitName: string;
  unitId?: string | null;
  role: ReviewerRole;
}

export interface AssignDossier {
  id: string;
  caseNo: string;
  unitName: string;
  unitId?: string | null;
  /** 当事人. */
  party?: string | null;
}

/** A declared conflict (回避声明) on one dossier, a whole unit (by id or name) or a party. */
export interface ReviewerConflict {
  reviewerId: string;
  dossierId?: string | null;
  unitId?: string | null;
  unitName?: string | null;
  party?: string | null;
  reason?: string;
}

export interface AssignOptions {
  /** Reviewers per dossier: 1 = single review, 2+ = cross review. */
  perDossier: number;
  seed: string;
  /** Also assign legal_office staff (法制机构人员); default false. */
  includeLegalOffice?: boolean;
  /** Existing active assignments per reviewer id, counted in the balance (for incremental rounds). */
  initialLoad?: Readonly<Record<string, number>>;
}

export interface ProposedAssignment {
  dossierId: string;
  caseNo: string;
  reviewerId: string;
  /** slot 0 is 'primary', the others 'cross'. */
  role: 'primary' | 'cross';
  slot: number;
}

export type ExclusionReason = 'role' | 'own_unit' | 'conflict_dossier' | 'conflict_unit' | 'conflict_party';

export const EXCLUSION_LABELS: Record<ExclusionReason, string> = {
  role: '不属于可分配的评查人员',
  own_unit: '与被评查单位为同一单位（本单位回避）',
  conflict_dossier: '已声明对该案卷回避',
  conflict_unit: '已声明对该单位回避',
  conflict_party: '已声明对该当事人回避',
};

export interface AssignmentProblem {
  dossierId: string;
  caseNo: string;
  code: 'insufficient_reviewers';
  needed: number;
  eligible: number;
  /** How many reviewers of the whole list were excluded, by reason. */
  excluded: Record<ExclusionReason, number>;
  message: string;
}

export interface AssignResult {
  algorithm: string;
  seed: string;
  perDossier: number;
  /** By 案卷编号 (code point), then slot. Dossiers with a problem get no assignment at all. */
  assignments: ProposedAssignment[];
  problems: AssignmentProblem[];
  /** Final load (initialLoad + new) of every assignable reviewer, by id. */
  loads: { reviewerId: string; load: number }[];
}

function bad(message: string, details?: unknown): AppError {
  return new AppError('invalid_argument', message, details);
}

/**
 * Normal form for comparing unit names and parties: Unicode NFKC (full-width → half-width, e.g.
 * （）→ ()), all white space and zero-width characters removed, Latin letters lower-cased.
 */
export function normalizeName(s: string | null | undefined): string {
  return (s ?? '').normalize('NFKC').replace(/[\s\u200b-\u200d\u2060\ufeff]+/gu, '').toLowerCase();
}

interface ConflictIndex {
  dossiers: Set<string>;
  unitIds: Set<string>;
  unitNames: Set<string>;
  parties: Set<string>;
}

function indexConflicts(conflicts: readonly ReviewerConflict[]): Map<string, ConflictIndex> {
  const m = new Map<string, ConflictIndex>();
  for (const c of conflicts) {
    let e = m.get(c.reviewerId);
    if (!e) m.set(c.reviewerId, (e = { dossiers: new Set(), unitIds: new Set(), unitNames: new Set(), parties: new Set() }));
    if (c.dossierId) e.dossiers.add(c.dossierId);
    if (c.unitId) e.unitIds.add(c.unitId);
    const un = normalizeName(c.unitName);
    if (un) e.unitNames.add(un);
    const p = normalizeName(c.party);
    if (p) e.parties.add(p);
  }
  return m;
}

function isAssignableRole(role: ReviewerRole, includeLegalOffice: boolean): boolean {
  return role === 'reviewer' || role === 'leader' || (includeLegalOffice && role === 'legal_office');
}

function exclusionOf(r: AssignReviewer, d: AssignDossier, ci: ConflictIndex | undefined, includeLegalOffice: boolean): ExclusionReason | null {
  if (!isAssignableRole(r.role, includeLegalOffice)) return 'role';
  const ru = normalizeName(r.unitName);
  if ((ru !== '' && ru === normalizeName(d.unitName)) || (r.unitId && d.unitId && r.unitId === d.unitId)) return 'own_unit';
  return conflictReason(ci, d);
}

function conflictReason(ci: ConflictIndex | undefined, d: AssignDossier): ExclusionReason | null {
  if (!ci) return null;
  if (ci.dossiers.has(d.id)) return 'conflict_dossier';
  if ((d.unitId && ci.unitIds.has(d.unitId)) || ci.unitNames.has(normalizeName(d.unitName))) return 'conflict_unit';
  const p = normalizeName(d.party);
  if (p !== '' && ci.parties.has(p)) return 'conflict_party';
  return null;
}

/** Why a reviewer may not review a dossier (null = eligible). Use it to check a manual assignment. */
export function checkEligibility(
  reviewer: AssignReviewer,
  dossier: AssignDossier,
  conflicts: readonly ReviewerConflict[],
  options: { includeLegalOffice?: boolean } = {},
): { reason: ExclusionReason; message: string } | null {
  const reason = exclusionOf(reviewer, dossier, indexConflicts(conflicts.filter((c) => c.reviewerId === reviewer.id)).get(reviewer.id), options.includeLegalOffice === true);
  return reason === null ? null : { reason, message: `${reviewer.name ?? reviewer.id}${EXCLUSION_LABELS[reason]}，不能评查案卷“${dossier.caseNo}”` };
}

function checkUnique(ids: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string' || id === '') throw bad(`${what} ID 不能为空`);
    if (seen.has(id)) throw bad(`${what} ID 重复：${id}`, { id });
    seen.add(id);
  }
}

const byId = <T extends { id: string }>(a: T, b: T) => compareCodePoints(a.id, b.id);

function emptyCounts(): Record<ExclusionReason, number> {
  return { role: 0, own_unit: 0, conflict_dossier: 0, conflict_unit: 0, conflict_party: 0 };
}

function problemMessage(d: AssignDossier, needed: number, eligible: number, ex: Record<ExclusionReason, number>): string {
  const parts = (Object.keys(ex) as ExclusionReason[]).filter((k) => k !== 'role' && ex[k] > 0).map((k) => `${EXCLUSION_LABELS[k]} ${ex[k]} 人`);
  return (
    `案卷“${d.caseNo}”（${d.unitName}）需要 ${needed} 名评查人员，但符合回避要求的只有 ${eligible} 人` +
    (parts.length ? `（${parts.join('，')}）` : '') +
    '，未分配。请增加其他单位的评查人员或减少每卷评查人数。'
  );
}

/**
 * Assigns `perDossier` distinct reviewers to every dossier. See docs/sampling.md part B:
 * 1. assignable = role reviewer/leader (+ legal_office if includeLegalOffice), sorted by id;
 * 2. per dossier, eligible = assignable minus own unit (normalised name or unit id) and declared
 *    conflicts (dossier, unit, party); dossiers with fewer than perDossier eligible are reported and
 *    get no assignment;
 * 3. dossiers in order (number of eligible reviewers, 案卷编号, id); for each slot pick uniformly at
 *    random among the eligible reviewers not yet on the dossier that have the least load;
 * 4. balance repair: while some reviewer carries ≥ 2 more than another and a chain of moves
 *    (dossier from u to v, v eligible) leads from the first to the second, apply the chain.
 *    Afterwards no reviewer's load can be lowered without raising another's to the same level, so the
 *    max − min load is the least the constraints allow (≤ 1 when they allow it).
 */
export function assignReviewers(
  dossiers: readonly AssignDossier[],
  reviewers: readonly AssignReviewer[],
  conflicts: readonly ReviewerConflict[],
  options: AssignOptions,
): AssignResult {
  const { perDossier, seed } = options;
  if (!Number.isInteger(perDossier) || perDossier < 1) throw bad('每卷评查人数必须是不小于 1 的整数');
  if (typeof seed !== 'string' || seed.trim() === '') throw bad('请填写随机种子');
  checkUnique(dossiers.map((d) => d.id), '案卷');
  checkUnique(reviewers.map((r) => r.id), '评查人员');
  const includeLO = options.includeLegalOffice === true;
  const ci = indexConflicts(conflicts);
  const allSorted = reviewers.slice().sort(byId);
  const pool = allSorted.filter((r) => isAssignableRole(r.role, includeLO));
  const load = pool.map((r) => {
    const l = options.initialLoad?.[r.id] ?? 0;
    if (!Number.isInteger(l) || l < 0) throw bad(`评查人员 ${r.id} 的已有任务数无效`);
    return l;
  });

  interface Work { d: AssignDossier; eligible: number[]; on: Set<number>; slots: number[] }
  const work: Work[] = [];
  const problems: AssignmentProblem[] = [];
  for (const d of dossiers.slice().sort((a, b) => compareCodePoints(a.caseNo, b.caseNo) || byId(a, b))) {
    const eligible: number[] = [];
    const ex = emptyCounts();
    for (const r of allSorted) {
      const why = exclusionOf(r, d, ci.get(r.id), includeLO);
      if (why) ex[why]++;
    }
    pool.forEach((r, i) => {
      if (exclusionOf(r, d, ci.get(r.id), includeLO) === null) eligible.push(i);
    });
    if (eligible.length < perDossier) {
      problems.push({ dossierId: d.id, caseNo: d.caseNo, code: 'insufficient_reviewers', needed: perDossier, eligible: eligible.length, excluded: ex, message: problemMessage(d, perDossier, eligible.length, ex) });
    } else {
      work.push({ d, eligible, on: new Set(), slots: [] });
    }
  }

  // 3. Most constrained dossiers first (stable: the sort is stable and `work` is in 案卷编号 order).
  const order = work.slice().sort((a, b) => a.eligible.length - b.eligible.length);
  const rng = Xoshiro128ss.fromSeed(seed + '\u0000reviewers');
  for (const w of order) {
    for (let slot = 0; slot < perDossier; slot++) {
      let best = Infinity;
      let ties: number[] = [];
      for (const i of w.eligible) {
        if (w.on.has(i)) continue;
        if (load[i]! < best) {
          best = load[i]!;
          ties = [i];
        } else if (load[i] === best) ties.push(i);
      }
      const pick = ties[rng.uniformInt(ties.length)]!;
      w.on.add(pick);
      w.slots.push(pick);
      load[pick]!++;
    }
  }

  rebalance(order, load, pool.length);

  const assignments: ProposedAssignment[] = [];
  for (const w of work) {
    w.slots.forEach((ri, slot) => {
      assignments.push({ dossierId: w.d.id, caseNo: w.d.caseNo, reviewerId: pool[ri]!.id, role: slot === 0 ? 'primary' : 'cross', slot });
    });
  }
  return {
    algorithm: ASSIGNMENT_ALGORITHM,
    seed,
    perDossier,
    assignments,
    problems,
    loads: pool.map((r, i) => ({ reviewerId: r.id, load: load[i]! })),
  };
}

/**
 * Moves assignments along chains u → v (v eligible for the dossier and not already on it) from a
 * reviewer with load L to one with load ≤ L − 2, until no such chain exists. Deterministic (BFS in
 * stable orders). Each move lowers Σ load², so it terminates; with no such chain left, the load vector
 * is the "decreasingly minimal" one (Frank & Murota), which minimises the maximum and maximises the
 * minimum load at the same time.
 */
function rebalance(order: { eligible: number[]; on: Set<number>; slots: number[] }[], load: number[], R: number): void {
  if (order.length === 0) return;
  for (let guard = 0; guard < 1_000_000; guard++) {
    const minLoad = Math.min(...load);
    const sources = load.map((l, i) => ({ l, i })).sort((a, b) => b.l - a.l || a.i - b.i);
    let moved = false;
    for (const { l: ls, i: s } of sources) {
      if (ls - minLoad < 2) break;
      // BFS over reviewers; edge u → v via (work index, slot) where slot currently holds u.
      const prev = new Array<{ from: number; w: number; slot: number } | null>(R).fill(null);
      const seen = new Uint8Array(R);
      seen[s] = 1;
      const queue = [s];
      let target = -1;
      for (let qi = 0; qi < queue.length && target < 0; qi++) {
        const u = queue[qi]!;
        for (let wi = 0; wi < order.length && target < 0; wi++) {
          const w = order[wi]!;
          const slot = w.slots.indexOf(u);
          if (slot < 0) continue;
          for (const v of w.eligible) {
            if (seen[v] || w.on.has(v)) continue;
            seen[v] = 1;
            prev[v] = { from: u, w: wi, slot };
            if (load[v]! <= ls - 2) {
              target = v;
              break;
            }
            queue.push(v);
          }
        }
      }
      if (target < 0) continue;
      load[s]!--;
      load[target]!++;
      for (let v = target; v !== s; ) {
        const p = prev[v]!;
        const w = order[p.w]!;
        w.on.delete(p.from);
        w.on.add(v);
        w.slots[p.slot] = v;
        v = p.from;
      }
      moved = true;
      break;
    }
    if (!moved) return;
  }
  throw new Error('rebalance did not converge');
}

// ───────────────────────────── Reassignment after a declared conflict ─────────────────────────────

export interface CurrentAssignment {
  dossierId: string;
  reviewerId: string;
  role: 'primary' | 'cross';
}

export type ReassignResult =
  | { ok: true; withdrawn: CurrentAssignment; replacement: CurrentAssignment; message: string }
  | { ok: false; withdrawn: CurrentAssignment | null; code: 'not_assigned' | 'not_applicable' | 'no_eligible_reviewer'; message: string };

/**
 * After `conflict` is declared, withdraws that reviewer's assignment on `context.dossier` and picks the
 * replacement: same role, same rules (assignable role, not own unit, no declared conflict including the
 * new one, not already on the dossier), least loaded by current active assignments, ties broken at
 * random with the stream SHA-256(seed ␀ "reassign" ␀ dossier id ␀ reviewer id).
 * `currentAssignments` = all active assignments of the campaign (they define the loads).
 */
export function reassignForConflict(
  currentAssignments: readonly CurrentAssignment[],
  reviewers: readonly AssignReviewer[],
  conflict: ReviewerConflict,
  seed: string,
  context: { dossier: AssignDossier; conflicts?: readonly ReviewerConflict[]; includeLegalOffice?: boolean },
): ReassignResult {
  if (typeof seed !== 'string' || seed.trim() === '') throw bad('请填写随机种子');
  checkUnique(reviewers.map((r) => r.id), '评查人员');
  const d = context.dossier;
  const includeLO = context.includeLegalOffice === true;
  const who = reviewers.find((r) => r.id === conflict.reviewerId);
  const name = who?.name ?? conflict.reviewerId;
  const withdrawn = currentAssignments.find((a) => a.dossierId === d.id && a.reviewerId === conflict.reviewerId) ?? null;
  if (!withdrawn) {
    return { ok: false, withdrawn: null, code: 'not_assigned', message: `${name}目前没有被分配评查案卷“${d.caseNo}”，无需重新分配` };
  }
  if (conflictReason(indexConflicts([conflict]).get(conflict.reviewerId), d) === null) {
    return { ok: false, withdrawn: null, code: 'not_applicable', message: `该回避声明不涉及案卷“${d.caseNo}”，原分配不变` };
  }
  const ci = indexConflicts([...(context.conflicts ?? []), conflict]);
  const load = new Map<string, number>();
  const onDossier = new Set<string>();
  for (const a of currentAssignments) {
    if (a === withdrawn) continue;
    load.set(a.reviewerId, (load.get(a.reviewerId) ?? 0) + 1);
    if (a.dossierId === d.id) onDossier.add(a.reviewerId);
  }
  const candidates = reviewers
    .slice()
    .sort(byId)
    .filter((r) => r.id !== conflict.reviewerId && !onDossier.has(r.id) && exclusionOf(r, d, ci.get(r.id), includeLO) === null);
  if (candidates.length === 0) {
    return {
      ok: false,
      withdrawn,
      code: 'no_eligible_reviewer',
      message: `已撤回${name}对案卷“${d.caseNo}”的分配，但没有其他符合回避要求的评查人员可以替换，请增加评查人员后手工分配`,
    };
  }
  const least = Math.min(...candidates.map((r) => load.get(r.id) ?? 0));
  const ties = candidates.filter((r) => (load.get(r.id) ?? 0) === least);
  const rng = Xoshiro128ss.fromSeed(seed + '\u0000reassign\u0000' + d.id + '\u0000' + conflict.reviewerId);
  const pick = ties[rng.uniformInt(ties.length)]!;
  return {
    ok: true,
    withdrawn,
    replacement: { dossierId: d.id, reviewerId: pick.id, role: withdrawn.role },
    message: `${name}对案卷“${d.caseNo}”回避，改由${pick.name ?? pick.id}评查`,
  };
}
