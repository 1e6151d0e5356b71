export * from './catalogue';
export * from './normalize';
export * from './detect';
