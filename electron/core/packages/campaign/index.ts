/** The campaign package (法制机构 → 评查组): export at the office, import on a team laptop (docs/packages.md). */
export { exportCampaignPackage, MIN_PASSPHRASE_LENGTH, type CampaignExportOptions, type CampaignExportResult } from './export';
export { importCampaignPackage, type CampaignImportOptions, type CampaignImportResult, type TableCounts } from './import';
export { CAMPAIGN_CONTENT_VERSION, type CampaignManifest } from './manifest';
