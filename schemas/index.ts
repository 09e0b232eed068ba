export * from './document.ts';
export * from './notice.ts';
