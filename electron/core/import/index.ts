export { decodeCsv, isValidUtf8, type CsvEncoding, type DecodedText } from './decode';
export { parseCsvText, readRegisterFile, tableFromRecords, xlsxCellText, type RegisterFile, type RegisterFormat, type RegisterSource } from './read';
export { importRegisters, localToday, pickSavedMapping, previewRegister, MAX_LISTED_ISSUES, WORKER_THRESHOLD_BYTES, type ImportFile, type ImportRegistersOptions, type ImportThreads } from './import';
