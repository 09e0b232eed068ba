export * from './document.ts';
export * from './notice.ts';
export * from './search.ts';
