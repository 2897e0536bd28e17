export { projectEnv } from './project-env.js';
