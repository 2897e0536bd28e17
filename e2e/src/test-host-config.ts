import type { ManifestUi } from '@extsys/protocol/manifest';

/** What the test host page gets from `/e2e/config.json` (built by the global setup). */
export interface TestHostConfig {
  gatewayUrl: string;
  runnerUrl: string;
  tenant: { id: string; displayName: string };
  extensions: {
    extensionId: string;
    version: string;
    contentHash: string;
    installId: string;
    title: string;
    ui: ManifestUi;
  }[];
}
