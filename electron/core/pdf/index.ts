export * from './inspect';
export * from './attach';
export * from './documents';
