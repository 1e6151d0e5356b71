/** The clerk's edited report texts (report_drafts): today only the bulletin, one per campaign. */
import type { ReadableDB, WritableDB } from '../handles';

export interface StoredDraft {
  /** The draft as JSON, exactly as saved (the caller validates it against its schema). */
  body: string;
  updatedAt: string;
  updatedBy: string;
}

export function reportDraftReads(db: ReadableDB) {
  const bulletin = db.prepare(`SELECT body, updated_at AS updatedAt, updated_by AS updatedBy FROM report_drafts WHERE campaign_id = ? AND kind = 'bulletin'`);
  return {
    bulletin: (campaignId: string): StoredDraft | undefined => bulletin.get(campaignId) as StoredDraft | undefined,
  };
}

export type ReportDraftReads = ReturnType<typeof reportDraftReads>;

export function reportDraftRepository(db: WritableDB) {
  const save = db.prepare(
    `INSERT INTO report_drafts (campaign_id, kind, body, updated_at, updated_by) VALUES (?, 'bulletin', ?, ?, ?)
     ON CONFLICT (campaign_id, kind) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
  );
  const remove = db.prepare(`DELETE FROM report_drafts WHERE campaign_id = ? AND kind = 'bulletin'`);
  return {
    ...reportDraftReads(db),
    saveBulletin: (campaignId: string, body: string, at: string, by: string): void => void save.run(campaignId, body, at, by),
    /** True when there was a saved draft to remove. */
    removeBulletin: (campaignId: string): boolean => remove.run(campaignId).changes > 0,
  };
}
