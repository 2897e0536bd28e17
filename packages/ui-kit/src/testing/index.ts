export { installJsdomShims } from './jsdom-shims.js';
