/**
 * The export pipeline's entry point: loading this module registers every generator.
 * A new document kind adds one side-effect import here.
 */
import './sheet/index';
// The reports helper's generators (summary, bulletin, workbook, notice) register from ./reports:
import './reports/index';

export { startExport, produceExport, writeFileAtomically } from './run';
export { registerGenerator, findGenerator, availableFormats, registeredExports } from './registry';
export { configureExports, exportConfig } from './config';
