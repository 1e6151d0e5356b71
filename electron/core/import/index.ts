export { decodeCsv, isValidUtf8, type CsvEncoding, type DecodedText } from './decode';
export { parseCsvText, readRegisterFile, tableFromRecords, xlsxCellText, type RegisterFile, type RegisterFormat, type RegisterSource } from './read';
export { importRegisters, localToday, pickSavedMapping, previewRegister, MAX_LISTED_ISSUES, type ImportFile, type ImportRegistersOptions } from './import';
