export { startTestRunner, type Answer, type Call, type TestRunner } from './test-runner.js';
