// Prints, for every failed test, where its Playwright trace was kept and how to open it
// (trace: 'retain-on-failure' keeps only the failed tests' traces).
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class TraceReporter implements Reporter {
  private readonly traces: { title: string; path: string }[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === 'passed' || result.status === 'skipped') return;
    for (const attachment of result.attachments) {
      if (attachment.name === 'trace' && attachment.path) {
        this.traces.push({ title: test.titlePath().filter(Boolean).join(' › '), path: attachment.path });
      }
    }
  }

  onEnd(): void {
    if (this.traces.length === 0) return;
    console.log('\nPlaywright traces of the failed tests (open with `npx playwright show-trace <file>`):');
    for (const trace of this.traces) console.log(`  ${trace.title}\n    ${trace.path}`);
    console.log('Service logs of the run: e2e/test-results/stack.log');
  }

  printsToStdio(): boolean {
    return false;
  }
}
