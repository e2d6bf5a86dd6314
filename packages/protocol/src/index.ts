export * from './errors.js';
export * from './ids.js';
export * from './model.js';
export * from './ws.js';
export * from './api.js';
export * from './text.js';
