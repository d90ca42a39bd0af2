export * from './types';
export * from './nodes';
export * from './policy';
export * from './lineIndex';
export * from './edits';
export * from './diagnostics';
