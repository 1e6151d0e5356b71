export * from './triggers';
export * from './compare';
export * from './final';
