import { useState } from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import {
  Button,
  Checkbox,
  Field,
  IconButton,
  Input,
  RadioGroup,
  SearchInput,
  Select,
  Switch,
  TextArea,
} from '../src/index.js';

describe('Button', () => {
  it('renders variants and sizes as classes, and clicks with mouse and keyboard', async () => {
    const user = userEvent.setup();
    const onClick = vi.fn();
    render(
      <Button variant="danger" size="lg" onClick={onClick}>
        Delete
      </Button>,
    );
    const button = screen.getByRole('button', { name: 'Delete' });
    expect(button.className).toBe('ek-button ek-button--danger ek-button--lg');
    expect(button.getAttribute('type')).toBe('button');
    await user.click(button);
    await user.tab();
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(button);
    await user.keyboard('{Enter}');
    await user.keyboard(' ');
    expect(onClick).toHaveBeenCalledTimes(3);
  });

  it('while loading: busy, keeps focus, ignores clicks', async () => {
    const user = userEvent.setup();
    const onClick = vi.fn();
    render(
      <Button loading onClick={onClick}>
        Save
      </Button>,
    );
    const button = screen.getByRole('button', { name: 'Save' });
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(button.getAttribute('aria-disabled')).toBe('true');
    button.focus();
    expect(document.activeElement).toBe(button);
    await user.click(button);
    expect(onClick).not.toHaveBeenCalled();
  });

  it('disabled buttons are skipped by Tab', async () => {
    const user = userEvent.setup();
    render(
      <>
        <Button disabled>One</Button>
        <Button>Two</Button>
      </>,
    );
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Two' }));
  });
});

describe('IconButton', () => {
  it('is named by its label, icon hidden', () => {
    render(<IconButton label="Edit ticket" icon={<svg data-testid="i" />} />);
    const button = screen.getByRole('button', { name: 'Edit ticket' });
    expect(screen.getByTestId('i').parentElement!.getAttribute('aria-hidden')).toBe('true');
    expect(button.className).toContain('ek-button--ghost');
  });
});

describe('Field + Input / TextArea', () => {
  it('labels the control and links help and error text', async () => {
    const user = userEvent.setup();
    render(
      <Field label="Email" help="We never share it" error="Enter a valid email" required>
        <Input type="email" defaultValue="x" />
      </Field>,
    );
    const input = screen.getByRole('textbox', { name: /Email/ });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-required')).toBe('true');
    const describedBy = input.getAttribute('aria-describedby')!.split(' ');
    expect(describedBy.map((id) => document.getElementById(id)!.textContent)).toEqual([
      'Enter a valid email',
      'We never share it',
    ]);
    await user.type(input, 'yz');
    expect((input as HTMLInputElement).value).toBe('xyz');
  });

  it('a field without error is not invalid; TextArea takes the field ids too', () => {
    render(
      <Field label="Notes" help="Markdown">
        <TextArea />
      </Field>,
    );
    const area = screen.getByRole('textbox', { name: 'Notes' });
    expect(area.tagName).toBe('TEXTAREA');
    expect(area.hasAttribute('aria-invalid')).toBe(false);
    expect(document.getElementById(area.getAttribute('aria-describedby')!)!.textContent).toBe('Markdown');
  });
});

describe('Select', () => {
  const options = [
    { value: 'apple', label: 'Apple' },
    { value: 'banana', label: 'Banana' },
    { value: 'cherry', label: 'Cherry' },
  ];

  it('opens from the keyboard, moves with arrows, selects with Enter', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(
      <Field label="Fruit">
        <Select options={options} onValueChange={onValueChange} />
      </Field>,
    );
    const trigger = screen.getByRole('combobox', { name: 'Fruit' });
    trigger.focus();
    await user.keyboard('{Enter}');
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('listbox')).toBeTruthy();
    await user.keyboard('{ArrowDown}{Enter}');
    expect(onValueChange).toHaveBeenCalledWith('banana');
    expect(trigger.textContent).toContain('Banana');
    expect(document.activeElement).toBe(trigger);
  });

  it('typeahead on the closed trigger selects the matching option', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(<Select aria-label="Fruit" options={options} defaultValue="apple" onValueChange={onValueChange} />);
    screen.getByRole('combobox', { name: 'Fruit' }).focus();
    await user.keyboard('c');
    expect(onValueChange).toHaveBeenCalledWith('cherry');
  });
});

describe('Checkbox, RadioGroup, Switch', () => {
  it('Checkbox toggles with Space and reports mixed state', async () => {
    const user = userEvent.setup();
    function Controlled() {
      const [checked, setChecked] = useState<boolean | 'indeterminate'>('indeterminate');
      return <Checkbox label="Notify me" checked={checked} onCheckedChange={setChecked} />;
    }
    render(<Controlled />);
    const box = screen.getByRole('checkbox', { name: 'Notify me' });
    expect(box.getAttribute('aria-checked')).toBe('mixed');
    box.focus();
    await user.keyboard(' ');
    expect(box.getAttribute('aria-checked')).toBe('true');
    await user.click(screen.getByText('Notify me'));
    expect(box.getAttribute('aria-checked')).toBe('false');
  });

  it('RadioGroup: one tab stop, arrows move and select', async () => {
    const user = userEvent.setup();
    const onValueChange = vi.fn();
    render(
      <RadioGroup
        label="Priority"
        defaultValue="low"
        onValueChange={onValueChange}
        options={[
          { value: 'low', label: 'Low' },
          { value: 'high', label: 'High' },
        ]}
      />,
    );
    expect(screen.getByRole('radiogroup', { name: 'Priority' })).toBeTruthy();
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('radio', { name: 'Low' }));
    await user.keyboard('{ArrowDown}');
    const high = screen.getByRole('radio', { name: 'High' });
    expect(document.activeElement).toBe(high);
    // Chromium selects on arrow focus; in jsdom Radix's focus-then-click does not fire, so Space selects.
    await user.keyboard(' ');
    expect(high.getAttribute('aria-checked')).toBe('true');
    expect(onValueChange).toHaveBeenCalledWith('high');
  });

  it('Switch toggles with Space and Enter', async () => {
    const user = userEvent.setup();
    const onCheckedChange = vi.fn();
    render(<Switch label="Dark mode" onCheckedChange={onCheckedChange} />);
    const sw = screen.getByRole('switch', { name: 'Dark mode' });
    expect(sw.getAttribute('aria-checked')).toBe('false');
    sw.focus();
    await user.keyboard(' ');
    expect(sw.getAttribute('aria-checked')).toBe('true');
    await user.keyboard('{Enter}');
    expect(onCheckedChange.mock.calls).toEqual([[true], [false]]);
  });
});

describe('SearchInput', () => {
  it('debounces onSearch, searches at once on Enter, clears with Escape', async () => {
    const user = userEvent.setup();
    const onSearch = vi.fn();
    render(<SearchInput label="Search tickets" onSearch={onSearch} debounceMs={80} />);
    const box = screen.getByRole('searchbox', { name: 'Search tickets' });
    await user.type(box, 'abc');
    expect(onSearch).not.toHaveBeenCalled();
    await waitFor(() => expect(onSearch).toHaveBeenCalledExactlyOnceWith('abc'));
    await user.type(box, 'd{Enter}');
    expect(onSearch).toHaveBeenLastCalledWith('abcd');
    await new Promise((r) => setTimeout(r, 150));
    expect(onSearch).toHaveBeenCalledTimes(2);
    await user.keyboard('{Escape}');
    expect((box as HTMLInputElement).value).toBe('');
    expect(onSearch).toHaveBeenLastCalledWith('');
    await user.type(box, 'x');
    await user.click(screen.getByRole('button', { name: 'Clear search' }));
    expect(document.activeElement).toBe(box);
    expect(onSearch).toHaveBeenLastCalledWith('');
    expect(screen.getByRole('search')).toBeTruthy();
  });
});
