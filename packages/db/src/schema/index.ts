export * from './organisations';
export * from './options';
export * from './agreements';
export * from './information';
export * from './access';
export * from './userLogs';
export * from './proof';
export * from './policy';
