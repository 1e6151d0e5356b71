/**
 * Merging a results package at the legal office (docs/packages.md, "Merge at the office").
 *
 * 1. Check, without touching the store: the header names a results package for a campaign held
 *    here; the signer is a laptop already recorded with this key, or a new one whose fingerprint the
 *    clerk confirmed. Decrypt and stream every record into a staging file while verifying the
 *    laptop's audit chain entry by entry against the head received before (a rewritten or dropped
 *    entry, or a gap, refuses the package). Only when the whole package has authenticated and its
 *    signature verified does step 2 run.
 * 2. One IMMEDIATE transaction on a connection of its own, paused between batches so the app keeps
 *    answering: read the staging file back line by line and merge each item with prepared statements; record the laptop's new chain head, the import and one audit entry. Any
 *    error rolls everything back; a process killed mid-way leaves the store as it was (SQLite).
 *
 * Merging an item is idempotent and independent of package order: each merged version remembers
 * the laptop it came from and that laptop's audit head when it was sent (`version`), so a replayed
 * or older package changes nothing, while a version from another laptop (or one the office edited
 * since) is kept beside the current one as a conflict for the office to choose.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { GENESIS as AUDIT_GENESIS, auditRowHash as rowHash } from '../../../../db/audit';
import { mergeReads, openMergeSession, type AuditWire, type MergeKind, type MergeRepository, type ReviewWire } from '../../../../db/repositories/results';
import { newId, nowIso } from '../../../../db/util';
import { AppError } from '../../../../shared/errors';
import type { SignedAuditHead } from '../../audit-head';
import type { CoreContext } from '../../context';
import { fingerprintOf } from '../../identity';
import { exclusiveStoreJob, holdWrites } from '../../write-hold';
import { inspectPackage, refuse, type KeyCache } from '../container';
import { readPackage } from '../entries';
import { travelledSignOffs } from './signoff-travel';
import { checkChainEndsAtHead, checkSignedHead } from './signed-head';
import { StagingWriter, stagedRecords } from './staging';
import {
  RECORD, RESULTS_FORMAT, factsHash, findingHash, mapHash, reviewBodyHash, reviewHash,
  type FactsPayload, type FindingPayload, type MapPayload, type ResultsMeta, type ReviewPayload,
} from './wire';

export type MergeOutcome = 'added' | 'changed' | 'unchanged' | 'conflict';

export interface ResultsImportOptions {
  file: string;
  passphrase: string;
  actor: string;
  /** The signer's fingerprint as the clerk confirmed it with the team (required for a new laptop). */
  confirmFingerprint?: string;
  /** The import session's derived keys: a stack of one campaign's packages costs one scrypt. */
  keyCache?: KeyCache;
  signal?: AbortSignal;
  onProgress?(done: number, total: number, step: string): void;
  /** Tests: called inside the merge transaction after each staged record (to kill the process mid-merge). */
  onMergeRecord?(index: number, total: number): void;
  /** Tests: awaited between batches of the merge, its transaction open (to call the API meanwhile). */
  onMergeBatch?(done: number, total: number): void | Promise<void>;
  /** Rows written between two pauses of the merge (default MERGE_BATCH_ROWS; tests use fewer). */
  mergeBatchRows?: number;
}

export interface OutcomeCounts { added: number; changed: number; unchanged: number; conflict: number }

export interface ResultsImportResult {
  importId: string;
  exportId: string;
  campaignId: string;
  file: string;
  mode: 'full' | 'incremental';
  laptop: { storeId: string; fingerprint: string; firstImport: boolean; label: string };
  reviews: OutcomeCounts;
  findings: OutcomeCounts;
  facts: OutcomeCounts;
  documentMaps: OutcomeCounts;
  totals: OutcomeCounts;
  auditEntries: { received: number; new: number; headSeq: number };
  /** Open conflicts in the campaign after this import. */
  openConflicts: number;
  /** The package was older than what was already received from this laptop: nothing could change. */
  stale: boolean;
  /** The laptop's signed chain head the package carried; null for packages from before it travelled. */
  signedHead: { seq: number; signedAt: string } | null;
}

const zero = (): OutcomeCounts => ({ added: 0, changed: 0, unchanged: 0, conflict: 0 });
const normaliseFingerprint = (s: string) => s.replace(/[^0-9a-f]/gi, '').toUpperCase();

/** A running merge as a refusal or a refused save names it. */
const mergeRunning = (file: string) => `正在合并成果包“${basename(file)}”`;

export async function importResults(ctx: CoreContext, opts: ResultsImportOptions): Promise<ResultsImportResult> {
  // Claimed from the start (not only for the write phase): a campaign import started meanwhile is
  // refused at once, rather than this merge after the clerk waited for decryption.
  return exclusiveStoreJob(ctx.store, { kind: 'results-merge', running: mergeRunning(opts.file), action: '合并成果包' }, () => checkAndMerge(ctx, opts));
}

async function checkAndMerge(ctx: CoreContext, opts: ResultsImportOptions): Promise<ResultsImportResult> {
  const file = opts.file;
  const info = await inspectPackage(file);
  if (info.kind !== 'results') throw refuse('other_kind', file, '是活动包，不是成果包（请在评查组电脑上导入活动包）');
  const reads = mergeReads(ctx.read);
  if (!reads.campaignExists(info.campaignId)) throw refuse('other_campaign', file, `属于本库中没有的评查活动（${info.campaignId}）`);
  const keyHex = info.signerPublicKey;
  const knownByKey = reads.laptopByKey(keyHex);
  if (!knownByKey) {
    const fp = info.signerFingerprint;
    if (!opts.confirmFingerprint || normaliseFingerprint(opts.confirmFingerprint) !== normaliseFingerprint(fp)) {
      throw new AppError(
        'bad_input',
        `数据包“${file}”来自一台首次导入的电脑，签名指纹为 ${fp}。请与该评查组核对指纹无误后确认再导入；未导入任何内容。`,
        { reason: 'unconfirmed_signer', file, fingerprint: fp },
      );
    }
  }

  const stagingPath = join(tmpdir(), `.dossier-results-${randomBytes(8).toString('hex')}.jsonl`);
  const staging = await StagingWriter.create(stagingPath);
  try {
    const pkg = await readPackage(file, {
      passphrase: opts.passphrase,
      expectedCampaignId: info.campaignId,
      expectedKind: 'results',
      expectedSigner: Buffer.from(keyHex, 'hex'),
      keyCache: opts.keyCache,
      signal: opts.signal,
      onProgress: (done, total) => opts.onProgress?.(done, total, '解密并校验'),
    });
    let meta: ResultsMeta | undefined;
    let chain: ChainCheck | undefined;
    let signedHead: SignedAuditHead | null = null;
    let ended = false;
    try {
      for await (const e of pkg.entries()) {
        if (e.type !== 'record') throw refuse('damaged', file, `含有成果包不应有的内容（${e.name}）`);
        if (!meta) {
          if (e.name !== RECORD.meta) throw refuse('damaged', file, '缺少成果包说明（results/meta）');
          meta = checkMeta(e.value, info.campaignId, file);
          checkLaptop(reads, meta, keyHex, file);
          chain = new ChainCheck(ctx, meta, file);
        } else if (e.name === RECORD.head) {
          signedHead = checkSignedHead(e.value, meta, keyHex, file);
          continue; // kept with the laptop's record at the merge, not merged as an item
        } else if (e.name.startsWith(RECORD.audit)) {
          const batch = e.value as AuditWire[];
          chain!.add(batch);
          // Entries up to the received head are verified equal to those stored: nothing to merge.
          if (batch.length && batch[batch.length - 1].seq <= chain!.receivedHeadSeq) continue;
        } else if (e.name === RECORD.end) {
          ended = true;
        }
        await staging.add(e.name, e.value);
      }
    } finally {
      await pkg.close();
    }
    await staging.close();
    if (!meta || !ended) throw refuse('truncated', file, '内容不完整（缺少结束记录）');
    chain!.finish();
    if (signedHead) checkChainEndsAtHead(signedHead, meta, file);
    opts.onProgress?.(0, staging.lines, '合并入库');
    return await merge(ctx, opts, { meta, chain: chain!, stagingPath, lines: staging.lines, keyHex, fingerprint: info.signerFingerprint, signedHead });
  } finally {
    await staging.close().catch(() => undefined);
    await rm(stagingPath, { force: true });
  }
}

function checkMeta(value: unknown, campaignId: string, file: string): ResultsMeta {
  const m = value as ResultsMeta;
  if (!m || typeof m !== 'object' || typeof m.storeId !== 'string' || typeof m.exportId !== 'string' || !Number.isInteger(m.auditTo)) {
    throw refuse('damaged', file, '的成果包说明无法识别');
  }
  if (m.format > RESULTS_FORMAT) throw refuse('newer_version', file, `的成果格式（第 ${m.format} 版）比本软件新，请先升级本软件`);
  if (m.campaignId !== campaignId) throw refuse('other_campaign', file, '的内容与包头的评查活动不一致');
  return m;
}

/** One laptop, one key: a package from a recorded laptop with another key, or a key moved to another store, is refused. */
function checkLaptop(reads: ReturnType<typeof mergeReads>, meta: ResultsMeta, keyHex: string, file: string): void {
  const byStore = reads.laptopByStore(meta.storeId);
  if (byStore && byStore.public_key !== keyHex) {
    throw refuse('other_signer', file, `来自已登记的电脑，但签名密钥变了（已登记指纹 ${byStore.fingerprint}，本包 ${fingerprintOf(Buffer.from(keyHex, 'hex'))}）`);
  }
  const byKey = reads.laptopByKey(keyHex);
  if (byKey && byKey.store_id !== meta.storeId) {
    throw refuse('other_signer', file, `的签名密钥已登记给另一台电脑（指纹 ${byKey.fingerprint}）`);
  }
}

/**
 * The laptop's audit chain, checked entry by entry as it streams: consecutive seq numbers, each
 * row's hash over its content and its predecessor's hash, and — for entries already received — the
 * same hash as received. Keeps only the previous hash, never the chain.
 */
class ChainCheck {
  private readonly headSeq: number;
  get receivedHeadSeq(): number {
    return this.headSeq;
  }
  private readonly headHash: string;
  private readonly receivedHash: (seq: number) => string | undefined;
  private expectedSeq: number;
  private prevHash: string | null;
  received = 0;

  constructor(ctx: CoreContext, private readonly meta: ResultsMeta, private readonly file: string) {
    const reads = mergeReads(ctx.read);
    const laptop = reads.laptopByStore(meta.storeId);
    this.headSeq = laptop?.audit_head_seq ?? 0;
    this.headHash = laptop?.audit_head_hash ?? '';
    this.receivedHash = (seq) => reads.receivedAuditHash(meta.storeId, seq);
    if (meta.auditFrom > this.headSeq + 1) {
      throw refuse('damaged', file, `缺少此前的成果包：已收到该电脑审计记录至第 ${this.headSeq} 条，本包从第 ${meta.auditFrom} 条开始。请先导入此前的成果包，或让评查组导出完整成果包`);
    }
    this.expectedSeq = meta.auditFrom;
    this.prevHash = meta.auditFrom === 1 ? AUDIT_GENESIS : (this.receivedHash(meta.auditFrom - 1) ?? null);
  }

  /** This package is older than what was received (all its entries match): nothing in it is new. */
  get stale(): boolean {
    return this.meta.auditTo < this.headSeq;
  }

  add(batch: AuditWire[]): void {
    for (const e of batch) {
      if (e.seq !== this.expectedSeq) {
        throw refuse('damaged', this.file, `的审计记录不连续：缺少第 ${this.expectedSeq} 条（下一条为第 ${e.seq} 条），记录被删除`);
      }
      if ((this.prevHash !== null && e.prev_hash !== this.prevHash) || rowHash(e) !== e.hash) {
        throw refuse('damaged', this.file, `的审计记录第 ${e.seq} 条哈希不符：该条或其前一条被改动过`);
      }
      // Entries already received need no look-up each: the chain is verified link by link above,
      // so when the entry at the received head has the stored head hash, every entry before it is
      // the one received (each hash covers its predecessor's). A package ending earlier is checked
      // at its own end in finish().
      if (e.seq === this.headSeq && e.hash !== this.headHash) {
        throw refuse('damaged', this.file, `改写了此前已收到的审计记录（第 ${e.seq} 条）`);
      }
      this.prevHash = e.hash;
      this.expectedSeq++;
      this.received++;
    }
  }

  finish(): void {
    const last = this.expectedSeq - 1;
    if (last !== this.meta.auditTo && !(this.received === 0 && this.meta.auditFrom > this.meta.auditTo)) {
      throw refuse('damaged', this.file, `的审计记录与说明不符（应至第 ${this.meta.auditTo} 条，实为第 ${last} 条）`);
    }
    if (this.received > 0 && this.prevHash !== this.meta.auditToHash) throw refuse('damaged', this.file, '的审计链末端哈希与说明不符');
    if (this.meta.auditTo === this.headSeq && this.headSeq > 0 && this.meta.auditToHash !== this.headHash) {
      throw refuse('damaged', this.file, `改写了此前已收到的审计记录（第 ${this.headSeq} 条）`);
    }
    if (this.meta.auditTo < this.headSeq) {
      // Older than what was received: its head must be one of the received entries, unchanged.
      const received = this.meta.auditTo === 0 ? AUDIT_GENESIS : this.receivedHash(this.meta.auditTo);
      if (received !== undefined && received !== this.meta.auditToHash) {
        throw refuse('damaged', this.file, `改写了此前已收到的审计记录（第 ${this.meta.auditTo} 条）`);
      }
    }
  }
}

/** Merge context for one import: the laptop, its version, and the outcome counters. */
interface Merger {
  repo: MergeRepository;
  campaignId: string;
  storeId: string;
  version: number;
  at: string;
  actor: string;
}

/** This laptop's version here is the same as or newer than the incoming one: a replay or an older package. */
function isReplay(m: Merger, origin: ReturnType<MergeRepository['origin']>): boolean {
  return !!origin && origin.store_id === m.storeId && m.version <= origin.version;
}

/**
 * The one rule every item follows (see the file comment). `currentHash` null = the office holds
 * nothing for it yet (no review, no correction, an undecided finding).
 */
function mergeItem(
  m: Merger,
  kind: MergeKind,
  entityId: string,
  currentHash: string | null,
  incomingHash: string,
  payload: unknown,
  apply: () => void,
  originExtra: (prev: ReturnType<MergeRepository['origin']>) => { signed_off_hash: string | null; changed_since_signoff: number } = (prev) => ({
    signed_off_hash: prev?.signed_off_hash ?? null,
    changed_since_signoff: 0,
  }),
): MergeOutcome {
  const origin = m.repo.origin(kind, entityId);
  if (isReplay(m, origin)) return 'unchanged';
  const record = () => m.repo.upsertOrigin({ kind, entity_id: entityId, store_id: m.storeId, version: m.version, content_hash: incomingHash, ...originExtra(origin) });
  if (currentHash === incomingHash) {
    if (!origin || origin.store_id === m.storeId) record();
    return 'unchanged';
  }
  if (currentHash === null) {
    apply();
    record();
    return 'added';
  }
  if (origin && origin.store_id === m.storeId && origin.content_hash === currentHash) {
    apply(); // this laptop's newer version over its own, untouched since
    record();
    return 'changed';
  }
  // Another laptop's version (or the office's own edit) is in the store: keep both.
  const seen = m.repo.conflictOnce(kind, entityId, m.storeId, incomingHash);
  if (seen) return seen.status === 'open' ? 'conflict' : 'unchanged';
  m.repo.supersedeOlderConflicts({ kind, entity_id: entityId, store_id: m.storeId, version: m.version, at: m.at, by: m.actor });
  m.repo.insertConflict({
    id: newId(),
    campaign_id: m.campaignId,
    kind,
    entity_id: entityId,
    store_id: m.storeId,
    version: m.version,
    content_hash: incomingHash,
    payload: JSON.stringify(payload),
    created_at: m.at,
  });
  return 'conflict';
}

/** Applies a review version to the office's row for its assignment (or inserts it). */
export function applyReview(repo: MergeRepository, p: ReviewPayload, currentId: string | null): void {
  if (currentId) {
    const current = repo.reviewById(currentId)!;
    repo.updateReview({ ...p.review, id: current.id, assignment_id: current.assignment_id, dossier_id: current.dossier_id });
    repo.replaceAnswers(current.id, p.answers, newId);
  } else {
    repo.insertReview(p.review);
    repo.replaceAnswers(p.review.id, p.answers, newId);
  }
}

/** Signed-off content and the "changed since sign-off" mark of a review version. */
export function signOff(review: ReviewWire, body: string, prevSignedOff: string | null) {
  const signed = review.status === 'submitted' || review.status === 'locked';
  const signedOff = signed ? body : prevSignedOff;
  return { signed_off_hash: signedOff, changed_since_signoff: !signed && signedOff !== null && signedOff !== body ? 1 : 0 };
}

function mergeReview(m: Merger, p: ReviewPayload, file: string): MergeOutcome {
  const a = m.repo.assignment(p.review.assignment_id);
  if (!a || a.campaign_id !== m.campaignId) {
    throw new AppError('bad_input', `数据包“${file}”中的评查记录（案卷分配 ${p.review.assignment_id}）在本库的该评查活动中不存在，未导入任何内容。`, {
      reason: 'unknown_assignment', file, assignmentId: p.review.assignment_id,
    });
  }
  if (!m.repo.templateExists(p.review.template_id) || !m.repo.reviewerExists(p.review.reviewer_id)) {
    throw new AppError('bad_input', `数据包“${file}”中的评查记录（案卷分配 ${p.review.assignment_id}）所用的评查表或评查人员在本库中不存在，未导入任何内容。`, {
      reason: 'unknown_reference', file, assignmentId: p.review.assignment_id,
    });
  }
  const review: ReviewWire = { ...p.review, dossier_id: a.dossier_id };
  // The baseline rides along, so a conflict resolved by taking this version takes its sign-off too.
  const payload: ReviewPayload = p.signoff ? { review, answers: p.answers, signoff: p.signoff } : { review, answers: p.answers };
  const current = m.repo.reviewByAssignment(a.id);
  // Re-importing: answer before reading and hashing the office's 68 answers (the outcome is the same).
  if (isReplay(m, m.repo.origin('review', current?.id ?? review.id))) return 'unchanged';
  let currentHash: string | null = null;
  if (current) {
    const answers = m.repo.answers(current.id);
    // An untouched draft (opened, nothing answered) holds nothing to keep.
    currentHash = current.status === 'draft' && answers.length === 0 && !current.strengths && !current.problems && !current.suggestions ? null : reviewHash(current, answers);
  }
  const entityId = current?.id ?? review.id;
  const body = reviewBodyHash(review, p.answers);
  return mergeItem(m, 'review', entityId, currentHash, reviewHash(review, p.answers), payload, () => applyReview(m.repo, payload, current?.id ?? null), (prev) =>
    signOff(review, body, prev?.signed_off_hash ?? null),
  );
}

export function applyFacts(repo: MergeRepository, p: FactsPayload): void {
  repo.setFacts(p.dossierId, p.override);
}

function mergeFacts(m: Merger, p: FactsPayload, file: string): MergeOutcome {
  const d = m.repo.dossier(p.dossierId);
  if (!d || d.campaign_id !== m.campaignId) throw new AppError('bad_input', `数据包“${file}”中更正的案卷（${p.dossierId}）在本库中不存在，未导入任何内容。`, { reason: 'unknown_dossier', file });
  const current = JSON.parse(d.facts_override) as Record<string, unknown>;
  return mergeItem(m, 'facts', d.id, Object.keys(current).length ? factsHash(current) : null, factsHash(p.override), p, () => applyFacts(m.repo, p));
}

export function applyMap(repo: MergeRepository, p: MapPayload): void {
  repo.replaceTags(p.fileId, p.tags, newId);
}

function mergeMap(m: Merger, p: MapPayload): MergeOutcome {
  const f = m.repo.file(p.fileId);
  // The office may not hold this file (a laptop attached it): its map has nothing to attach to.
  if (!f || f.campaign_id !== m.campaignId) return 'unchanged';
  const tags = m.repo.tags(f.id);
  const corrected = tags.some((t) => t.source === 'manual');
  return mergeItem(m, 'document_map', f.id, corrected ? mapHash(tags) : null, mapHash(p.tags), p, () => applyMap(m.repo, p));
}

export function applyFinding(repo: MergeRepository, p: FindingPayload, officeId: string | null): void {
  if (officeId) repo.decideFinding({ ...p.finding, id: officeId });
  else repo.insertFinding(p.finding);
}

function mergeFinding(m: Merger, p: FindingPayload, file: string): MergeOutcome {
  const f = p.finding;
  const d = m.repo.dossier(f.dossier_id);
  if (!d || d.campaign_id !== m.campaignId) throw new AppError('bad_input', `数据包“${file}”中的问题（${f.id}）所属案卷在本库中不存在，未导入任何内容。`, { reason: 'unknown_dossier', file });
  // The laptop ran the checks itself: the same finding may carry another id here.
  const office = m.repo.findingById(f.id) ?? m.repo.findingMatch(f);
  const currentHash = office && office.status !== 'proposed' ? findingHash(office) : null;
  return mergeItem(m, 'finding', office?.id ?? f.id, currentHash, findingHash(f), p, () => applyFinding(m.repo, p, office?.id ?? null));
}

/**
 * Rows written between two pauses (a review counts its answers, an audit batch its entries): small
 * enough that a read waits some ten milliseconds at most, large enough that pausing costs nothing.
 */
const MERGE_BATCH_ROWS = 2000;

/** A package that authenticated and was staged: what the merge needs of it. */
interface StagedPackage {
  meta: ResultsMeta;
  chain: ChainCheck;
  stagingPath: string;
  lines: number;
  keyHex: string;
  fingerprint: string;
  signedHead: SignedAuditHead | null;
}

/** One merge at a time per store: a second would wait on the first's write lock with the thread blocked. */
const merging = new WeakMap<object, Promise<unknown>>();

async function merge(ctx: CoreContext, opts: ResultsImportOptions, staged: StagedPackage): Promise<ResultsImportResult> {
  const before = merging.get(ctx.store) ?? Promise.resolve();
  const run = before
    .catch(() => undefined)
    .then(() => holdWrites(ctx.store, mergeRunning(opts.file), () => mergeOnOwnConnection(ctx, opts, staged)));
  merging.set(ctx.store, run);
  try {
    return await run;
  } finally {
    if (merging.get(ctx.store) === run) merging.delete(ctx.store);
  }
}

/**
 * The write phase: one IMMEDIATE transaction on a connection of its own, paused between batches of
 * records so the app's connection keeps answering (reads see the store as before the merge until
 * the commit). Still all or nothing: an error, a cancel or a killed process rolls it all back.
 */
async function mergeOnOwnConnection(ctx: CoreContext, opts: ResultsImportOptions, staged: StagedPackage): Promise<ResultsImportResult> {
  const { meta, chain, stagingPath, lines, keyHex, fingerprint, signedHead } = staged;
  const at = nowIso();
  const file = opts.file;
  const result: ResultsImportResult = {
    importId: newId(),
    exportId: meta.exportId,
    campaignId: meta.campaignId,
    file: basename(file),
    mode: meta.mode,
    laptop: { storeId: meta.storeId, fingerprint, firstImport: false, label: meta.reviewers.join('、') },
    reviews: zero(),
    findings: zero(),
    facts: zero(),
    documentMaps: zero(),
    totals: zero(),
    auditEntries: { received: chain.received, new: 0, headSeq: 0 },
    openConflicts: 0,
    stale: chain.stale,
    signedHead: signedHead ? { seq: signedHead.seq, signedAt: signedHead.signedAt } : null,
  };
  const session = openMergeSession(ctx.store);
  const records = stagedRecords(stagingPath);
  try {
    session.begin();
    const repo = session.repo;
    const laptop = repo.laptopByStore(meta.storeId);
    if (!laptop) {
      repo.insertLaptop({ store_id: meta.storeId, public_key: keyHex, fingerprint, label: result.laptop.label, confirmed_by: opts.actor, at });
      result.laptop.firstImport = true;
    }
    const m: Merger = { repo, campaignId: meta.campaignId, storeId: meta.storeId, version: meta.auditTo, at, actor: opts.actor };
    const keepSignOff = travelledSignOffs(session.db);
    let index = 0;
    let rows = 0;
    for (const [name, value] of records) {
      index++;
      let counts: OutcomeCounts | null = null;
      let outcome: MergeOutcome | null = null;
      if (name.startsWith(RECORD.review)) {
        counts = result.reviews;
        outcome = mergeReview(m, value as ReviewPayload, file);
        keepSignOff(value as ReviewPayload, outcome); // the laptop's sign-off baseline, when it travelled
        rows += 1 + (value as ReviewPayload).answers.length;
      } else if (name.startsWith(RECORD.facts)) {
        counts = result.facts;
        outcome = mergeFacts(m, value as FactsPayload, file);
      } else if (name.startsWith(RECORD.map)) {
        counts = result.documentMaps;
        outcome = mergeMap(m, value as MapPayload);
        rows += (value as MapPayload).tags.length;
      } else if (name.startsWith(RECORD.finding)) {
        counts = result.findings;
        outcome = mergeFinding(m, value as FindingPayload, file);
      } else if (name.startsWith(RECORD.audit)) {
        for (const e of value as AuditWire[]) if (e.seq > chain.receivedHeadSeq) result.auditEntries.new += repo.insertReceivedAudit(meta.storeId, e);
        rows += (value as AuditWire[]).length;
      }
      rows++;
      if (counts && outcome) {
        counts[outcome]++;
        result.totals[outcome]++;
      }
      opts.onMergeRecord?.(index, lines);
      if (rows >= (opts.mergeBatchRows ?? MERGE_BATCH_ROWS)) {
        rows = 0;
        opts.onProgress?.(index, lines, '合并入库');
        if (session.own) {
          await opts.onMergeBatch?.(index, lines);
          await new Promise((r) => setImmediate(r));
        }
        if (opts.signal?.aborted) throw new AppError('cancelled', '已取消，未导入任何内容。');
      }
    }
    const headSeq = Math.max(laptop?.audit_head_seq ?? 0, meta.auditTo);
    result.auditEntries.headSeq = headSeq;
    if (!chain.stale) repo.updateLaptop({ store_id: meta.storeId, seq: headSeq, hash: meta.auditToHash, at, label: result.laptop.label || laptop?.label || '' });
    if (!chain.stale && signedHead) repo.updateLaptopSignedHead(meta.storeId, JSON.stringify(signedHead));
    result.openConflicts = repo.openConflictCount(meta.campaignId);
    const summary = { reviews: result.reviews, findings: result.findings, facts: result.facts, documentMaps: result.documentMaps, auditEntries: result.auditEntries };
    repo.insertImport({
      id: result.importId,
      export_id: meta.exportId,
      store_id: meta.storeId,
      campaign_id: meta.campaignId,
      mode: meta.mode,
      audit_to_seq: meta.auditTo,
      file_name: result.file,
      summary: JSON.stringify(summary),
      imported_at: at,
      actor: opts.actor,
    });
    session.audit({
      actor: opts.actor,
      action: 'import_results_package',
      entity: 'campaign',
      entityId: meta.campaignId,
      after: { importId: result.importId, exportId: meta.exportId, laptop: meta.storeId, fingerprint, firstImport: result.laptop.firstImport, ...summary },
    });
    if (opts.signal?.aborted) throw new AppError('cancelled', '已取消，未导入任何内容。');
    session.commit();
    opts.onProgress?.(lines, lines, '合并入库');
  } finally {
    records.return(undefined);
    session.close();
  }
  // Audited on the merge's connection: sign the head that now ends with its entry (electron/core/audit-head).
  try {
    ctx.auditHead.sync();
  } catch (err) {
    console.error('[audit] 无法写入签名链头：', err);
  }
  return result;
}
