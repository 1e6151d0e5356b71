/**
 * THE FACT TABLE and what is derived from it: the panel's rows and the check of a correction
 * (./specs.ts), the rule engine's input (./engine-input.ts). See ./table.ts.
 */
export * from './table';
export * from './specs';
export * from './engine-input';
export * from './dossier-layer';
export * from './readers';
export * from './catalogue-check';
