import { defineProject } from 'vitest/config';

// jsdom renders the component; it does not load iframes, so the unit tests drive the bridge's
// state machine (test/extension-frame.test.tsx mocks bootstrapIframe) and the real bridge's
// listener bookkeeping (test/teardown.test.tsx). The real handshake runs in Chromium (storybook a11y run).
export default defineProject({
  test: {
    name: 'react-host',
    include: ['test/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    environmentOptions: { jsdom: { url: 'https://host.example.com/app/' } },
  },
});
