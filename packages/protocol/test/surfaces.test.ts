import { describe, expect, it } from 'vitest';
import {
  BeforeUnmount,
  CloseViewRequest,
  ENTRY_DATA_LIMITS,
  EXTENSION_METHODS,
  EntryContext,
  HOST_FEATURES,
  HOST_METHODS,
  HostContext,
  HostSubject,
  Manifest,
  ModalOutcome,
  OpenModalRequest,
  PROTOCOL_ADDITIONS,
  SetViewStateRequest,
  ViewState,
  entryPointsOf,
  isJsonData,
  jsonByteLength,
} from '../src/index.js';
import { accepted, rejected } from './expect-parse.js';
import { hostContext } from './fixtures.js';

const manifest = (ui: Record<string, unknown>) => ({
  manifestVersion: 2,
  name: 'com.acme.crm',
  publisher: 'Acme',
  version: '1.0.0',
  runtime: 'wasm@1',
  ui: { type: 'iframe', entry: 'ui/index.html', ...ui },
});

describe('JSON data on the bridge', () => {
  it('accepts what JSON.parse returns and refuses what JSON would change', () => {
    for (const value of [
      null,
      true,
      0,
      -1.5,
      'x',
      [],
      [1, 'a', null],
      { a: { b: [1, { c: null }] } },
      JSON.parse('{"x":1}'),
    ]) {
      expect(isJsonData(value), JSON.stringify(value)).toBe(true);
    }
    for (const value of [undefined, Number.NaN, Infinity, new Date(), new Map(), { a: undefined }, [() => 1], 10n]) {
      expect(isJsonData(value), typeof value).toBe(false);
    }
    expect(isJsonData(JSON.parse('{"__proto__":{"polluted":true}}'))).toBe(false);
    expect(isJsonData(Object.create(null))).toBe(true);
    let deep: unknown = 1;
    for (let i = 0; i < 70; i++) deep = [deep];
    expect(isJsonData(deep)).toBe(false);
  });

  it('measures the UTF-8 bytes of the JSON text', () => {
    expect(jsonByteLength({ a: 'é' })).toBe(10);
  });
});

describe('entry points in the manifest', () => {
  it('keeps a manifest with one entry working: one page called main', () => {
    const parsed = accepted(Manifest, manifest({ initialHeight: 500 }));
    expect(entryPointsOf(parsed.ui!, 'CRM')).toEqual([
      { id: 'main', target: 'page', path: '/', label: 'CRM', initialHeight: 500 },
    ]);
  });

  it('fills in the path and the height of declared entry points', () => {
    const parsed = accepted(
      Manifest,
      manifest({
        entryPoints: [
          { id: 'main', target: 'page', label: 'Records' },
          { id: 'customer-panel', target: 'panel', path: '/panel', label: 'Orders', initialHeight: 200 },
          { id: 'pick', target: 'modal', path: '/pick', label: 'Pick a record' },
        ],
      }),
    );
    expect(entryPointsOf(parsed.ui!, 'ignored').map((p) => [p.id, p.target, p.path, p.initialHeight])).toEqual([
      ['main', 'page', '/', 320],
      ['customer-panel', 'panel', '/panel', 200],
      ['pick', 'modal', '/pick', 320],
    ]);
  });

  it('refuses duplicate ids, unknown targets, bad paths and an empty list, naming the field', () => {
    const point = { id: 'a', target: 'page', label: 'A' };
    rejected(Manifest, manifest({ entryPoints: [point, point] }), { field: 'ui.entryPoints', says: /same id twice/ });
    rejected(Manifest, manifest({ entryPoints: [{ ...point, target: 'sidebar' }] }), {
      field: 'ui.entryPoints[0].target',
    });
    rejected(Manifest, manifest({ entryPoints: [{ ...point, path: '../secret' }] }), {
      field: 'ui.entryPoints[0].path',
    });
    rejected(Manifest, manifest({ entryPoints: [{ ...point, id: 'Main Page' }] }), { field: 'ui.entryPoints[0].id' });
    rejected(Manifest, manifest({ entryPoints: [] }), { field: 'ui.entryPoints' });
    rejected(Manifest, manifest({ entryPoints: [{ ...point, label: '' }] }), { field: 'ui.entryPoints[0].label' });
  });

  it('lets a page ask for the modal host feature', () => {
    expect(HOST_FEATURES).toContain('modal');
    accepted(Manifest, manifest({ hostFeatures: ['modal'] }));
  });
});

describe('entry contexts (protocol 1.2)', () => {
  const subject = { type: 'customer', id: 'c-42', title: 'Ada Lovelace', data: { plan: 'gold' } };

  it('passes each target its own context', () => {
    accepted(EntryContext, { target: 'page', id: 'main' });
    accepted(EntryContext, { target: 'panel', id: 'customer-panel', subject });
    accepted(EntryContext, { target: 'modal', id: 'pick', input: { after: 3 }, depth: 1 });
    rejected(EntryContext, { target: 'panel', id: 'customer-panel' }, { field: 'subject' });
    rejected(EntryContext, { target: 'modal', id: 'pick', depth: 0 }, { field: 'depth' });
    rejected(EntryContext, { target: 'page', id: 'main', subject }, { field: 'subject' });
  });

  it('keeps a subject to JSON data within its cap', () => {
    rejected(HostSubject, { ...subject, data: new Date() }, { field: 'data', says: /plain JSON/ });
    rejected(
      HostSubject,
      { ...subject, data: 'x'.repeat(ENTRY_DATA_LIMITS.subjectDataBytes) },
      { field: 'data', says: /at most 16384 bytes/ },
    );
    rejected(HostSubject, { ...subject, type: 'Customer Record' }, { field: 'type' });
  });

  it('adds entry and visible to the context as optional fields', () => {
    const context = { ...hostContext(), protocol: '1.2', entry: { target: 'page', id: 'main' }, visible: false };
    expect(accepted(HostContext, context).entry).toEqual({ target: 'page', id: 'main' });
    accepted(HostContext, hostContext());
    expect(PROTOCOL_ADDITIONS).toMatchObject({ entry: '1.2', visible: '1.2' });
  });
});

describe('modals, view state and lifecycle messages', () => {
  it('opens a modal with a default size and a JSON context', () => {
    expect(HOST_METHODS.openModal.params).toBe(OpenModalRequest);
    expect(accepted(OpenModalRequest, { entryPoint: 'pick', context: { q: 1 } }).size).toBe('medium');
    rejected(OpenModalRequest, { entryPoint: 'pick', size: 'huge' }, { field: 'size' });
    rejected(OpenModalRequest, { entryPoint: 'pick', context: new Map() }, { field: 'context' });
    accepted(ModalOutcome, { dismissed: true });
    accepted(ModalOutcome, { dismissed: false, value: { id: 7 } });
    accepted(CloseViewRequest, {});
    rejected(
      CloseViewRequest,
      { result: 'x'.repeat(ENTRY_DATA_LIMITS.modalDataBytes) },
      { field: 'result', says: /at most 65536 bytes/ },
    );
  });

  it('caps view state at 64 KiB of JSON and versions it', () => {
    const value = { filter: 'open', rows: [1, 2, 3] };
    accepted(ViewState, { version: 2, value });
    accepted(SetViewStateRequest, { state: null });
    accepted(SetViewStateRequest, { route: '/records/7', state: { version: 0, value: null } });
    rejected(ViewState, { value }, { field: 'version' });
    rejected(
      ViewState,
      { version: 1, value: 'x'.repeat(ENTRY_DATA_LIMITS.viewStateBytes) },
      { field: 'value', says: /at most 65536 bytes/ },
    );
    rejected(SetViewStateRequest, { route: 'https://evil.example', state: null }, { field: 'route' });
  });

  it('bounds the time a page gets before it is unmounted', () => {
    expect(EXTENSION_METHODS.beforeUnmount.params).toBe(BeforeUnmount);
    accepted(BeforeUnmount, { reason: 'navigate', timeoutMs: 1000 });
    rejected(BeforeUnmount, { reason: 'navigate', timeoutMs: 60_000 }, { field: 'timeoutMs' });
    rejected(BeforeUnmount, { reason: 'crash', timeoutMs: 1 }, { field: 'reason' });
  });
});
