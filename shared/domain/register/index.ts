export * from './columns';
export * from './normalise';
export * from './id-number';
export * from './validate';
export * from './diff';
export * from './natural';
