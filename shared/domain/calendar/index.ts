export * from './date';
export * from './work-calendar';
export * from './holiday-file';
export { CN_HOLIDAYS } from './holidays-cn';
