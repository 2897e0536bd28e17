import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import type { Ext, ExtContext, ExtError } from '../src/index.js';
import { ExtProvider, useExtContext } from '../src/react/index.js';
import { connected, waitFor } from './helpers.js';

let ext: Ext | undefined;
afterEach(() => {
  cleanup();
  ext?.destroy();
});

describe('context: locale, direction and time zone', () => {
  it('has the time zone the host sent, and says `context` with the updated context on a change', async () => {
    const r = await connected({ locale: 'fr-FR', timeZone: 'Europe/Paris' });
    ext = r.ext;
    expect(ext.context).toMatchObject({ locale: 'fr-FR', direction: 'ltr', timeZone: 'Europe/Paris' });
    const seen: ExtContext[] = [];
    ext.on('context', (context) => seen.push(context));

    expect(await r.host.setContext({ locale: 'ar-EG', direction: 'rtl', timeZone: 'Africa/Cairo' })).toEqual({
      ok: true,
      value: null,
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ locale: 'ar-EG', direction: 'rtl', timeZone: 'Africa/Cairo' });
    expect(seen[0]?.extension.id).toBe('com.example.mock'); // the whole context, not only the change
    expect(ext.context).toBe(seen[0]);

    await r.host.setContext({ timeZone: 'Africa/Cairo' }); // nothing changed: no event
    await r.host.setContext({ timeZone: 'Asia/Tokyo' });
    expect(seen.map((c) => c.timeZone)).toEqual(['Africa/Cairo', 'Asia/Tokyo']);
    expect(ext.context.locale).toBe('ar-EG');
  });

  it.each([
    ['a time zone that is not an IANA name', { timeZone: 'Paris time' }],
    ['a locale that is not BCP 47', { locale: 'en_GB' }],
    ['an unknown direction', { direction: 'ttb' }],
    ['an unknown field', { displayMode: 'fullscreen' }],
    ['null', null],
  ])('drops %s from the host, reports it and keeps the context', async (_, change) => {
    const r = await connected();
    ext = r.ext;
    const errors: ExtError[] = [];
    const seen: ExtContext[] = [];
    ext.on('error', (e) => errors.push(e));
    ext.on('context', (c) => seen.push(c));
    const before = ext.context;
    const answer = await r.host.send('contextChanged', change);
    expect(answer).toMatchObject({ ok: false, error: { code: 'message_rejected' } });
    expect(errors.map((e) => e.code)).toEqual(['message_rejected']);
    expect(errors[0]?.message).toContain('contextChanged');
    expect(seen).toEqual([]);
    expect(ext.context).toBe(before);
  });

  it('gets a change made while the bridge was down with the replayed context, and says `context`', async () => {
    const r = await connected({ locale: 'en-GB' });
    ext = r.ext;
    const events: string[] = [];
    ext.on('context', (c) => events.push(`context:${c.locale}`));
    ext.on('reconnected', () => events.push('reconnected'));
    r.host.disconnect();
    await waitFor(() => ext!.state === 'lost');
    void r.host.setContext({ locale: 'de-DE' }); // kept by the host for the next hello
    r.host.restore();
    await waitFor(() => ext!.state === 'connected', 3000);
    expect(events).toEqual(['context:de-DE', 'reconnected']);
    expect(ext.context.locale).toBe('de-DE');
  });

  it("uses the page's own time zone when the host is older (protocol 1.0, no time zone)", async () => {
    const r = await connected({ protocol: { min: '1.0', max: '1.0' }, timeZone: 'Pacific/Auckland' });
    ext = r.ext;
    expect(r.host.context?.protocol).toBe('1.0');
    expect(r.host.context).not.toHaveProperty('timeZone');
    expect(ext.context.timeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
  });

  it('useExtContext() re-renders on a change', async () => {
    const r = await connected({ locale: 'en-GB', timeZone: 'Europe/London' });
    ext = r.ext;
    function Clock() {
      const { locale, timeZone, direction } = useExtContext();
      return <p data-testid="ctx" dir={direction}>{`${locale} ${timeZone}`}</p>;
    }
    render(
      <ExtProvider ext={ext}>
        <Clock />
      </ExtProvider>,
    );
    expect(screen.getByTestId('ctx').textContent).toBe('en-GB Europe/London');
    await act(() => r.host.setContext({ locale: 'he-IL', direction: 'rtl', timeZone: 'Asia/Jerusalem' }));
    expect(screen.getByTestId('ctx').textContent).toBe('he-IL Asia/Jerusalem');
    expect(screen.getByTestId('ctx').getAttribute('dir')).toBe('rtl');
  });
});
