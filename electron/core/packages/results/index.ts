/** Results packages: export on a team laptop, merge at the legal office (docs/packages.md). */
export { exportResults, type ResultsExportOptions, type ResultsExportResult } from './export';
export { importResults, type ResultsImportOptions, type ResultsImportResult } from './import';
export { officeViews } from './office';
export { acceptReceipt, makeReceipt, type ResultsReceipt } from './receipt';
export { receiptsIssued, saveReceipt, type SavedReceipt } from './receipt-files';
export { previewResultsExport, type ResultsExportPreview } from './export-preview';
