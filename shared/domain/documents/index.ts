export * from './catalogue';
export * from './normalize';
export * from './detect';
export * from './ocr';
export * from './printed';
