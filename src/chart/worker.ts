/** The chart worker's task: one planned chart in, its PNG, SVG and caption out (see ./pool.ts). */
export { render as default } from './index.js';
