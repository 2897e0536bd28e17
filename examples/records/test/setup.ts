import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { installJsdomShims } from '@extsys/ui-kit/testing';

afterEach(cleanup);
// jsdom lacks what Radix (RadioGroup) measures with; the SDK's auto-resize does nothing without a
// ResizeObserver, which is fine here (layout is the e2e suite's).
installJsdomShims();
