// The page without a framework: a greeting for the user, the tenant, and the tenant's counter.
// Elements are built with the DOM API (never innerHTML with data: a name is text, not markup).
import { ExtError, type Ext } from '@extsys/ext-sdk';
import { client } from '@extsys/ext-sdk/contract';
import { contract } from './contract.js';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}) {
  return Object.assign(document.createElement(tag), props);
}

/** An error as a person sees it, in a `role="alert"`: the stable code, the message, the request id. */
function errorBox(title: string, error: unknown): HTMLElement {
  const ext = error instanceof ExtError ? error : new ExtError('internal', String(error));
  const box = element('div', { className: 'app__error', role: 'alert' });
  box.dataset['testid'] = 'error';
  const code = element('code', { textContent: ext.code });
  code.dataset['testid'] = 'error-code';
  box.append(element('strong', { textContent: title }), ' ', code, ` ${ext.message}`);
  if (ext.requestId)
    box.append(element('span', { className: 'app__muted', textContent: ` (request ${ext.requestId})` }));
  return box;
}

export function showError(root: HTMLElement, title: string, error: unknown): void {
  root.removeAttribute('aria-busy');
  root.replaceChildren(errorBox(title, error));
}

/** Renders the page for a connected extension; resolves once the first reads are shown. */
export async function mountPage(root: HTMLElement, ext: Ext): Promise<void> {
  const api = client(contract, ext);
  const heading = element('h1', { textContent: '…' });
  heading.dataset['testid'] = 'greeting';
  const tenant = element('p', {
    className: 'app__muted',
    textContent: ext.context.tenant.displayName ?? ext.context.tenant.id,
  });
  const count = element('span', { className: 'app__count', textContent: '…' });
  count.dataset['testid'] = 'counter-value';
  count.setAttribute('aria-live', 'polite');
  const button = element('button', { type: 'button', textContent: 'Increment' });
  button.dataset['testid'] = 'counter-increment';
  const problems = element('div');
  root.removeAttribute('aria-busy');
  root.replaceChildren(heading, tenant, element('div', { className: 'app__row' }), problems);
  root.children[2]!.append(count, button);

  const failed = (title: string) => (error: unknown) => problems.replaceChildren(errorBox(title, error));

  button.addEventListener('click', () => {
    button.disabled = true;
    api
      .call('incrementCounter')
      .then((answer) => {
        count.textContent = String(answer.count);
        problems.replaceChildren();
      }, failed('Could not increment the counter'))
      .finally(() => (button.disabled = false));
  });

  await Promise.all([
    api.call('getGreeting').then((answer) => (heading.textContent = answer.message), failed('Could not greet you')),
    api
      .call('getCounter')
      .then((answer) => (count.textContent = String(answer.count)), failed('Could not read the counter')),
  ]);
}
