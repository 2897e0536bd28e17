// The handler's API as the UI calls it: the same contract the handler serves (src/contract.ts), so
// arguments and answers are typed from it and each answer is checked against its schema.
import { client, type ContractClient } from '@extsys/ext-sdk/contract';
import { useExt } from '@extsys/ext-sdk/react';
import { useMemo } from 'react';
import { contract } from './contract.js';

export type Api = ContractClient<typeof contract>;

/** The typed client over the connected extension's `ext.api` (same token, deadline and errors). */
export function useContractApi(): Api {
  const ext = useExt();
  return useMemo(() => client(contract, ext), [ext]);
}
