// The root's eslint.config.mjs imports the TypeScript parts of the lint through this package, so that
// they resolve `typescript` to the 6.x installed beside them (README.md says why).
export { default as tseslint } from 'typescript-eslint';
export { default as globals } from 'globals';
