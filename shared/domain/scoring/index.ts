export * from './points';
export * from './schema';
export * from './validate';
export * from './applicability';
export * from './engine';
export * from './deduction';
export * from './import';
