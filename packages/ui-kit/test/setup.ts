import { afterEach } from 'vitest';
import { cleanup } from '@testing-library/react';
import { installJsdomShims } from '../src/testing/index.js';

afterEach(cleanup);
installJsdomShims();
