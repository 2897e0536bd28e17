import { useEffect, useRef, useState, type ComponentPropsWithRef } from 'react';
import { cx } from './cx.js';
import { useMergedRef } from './merge-refs.js';

export interface SearchInputProps extends Omit<
  ComponentPropsWithRef<'input'>,
  'value' | 'defaultValue' | 'onChange' | 'type'
> {
  /** Accessible name (also the default placeholder). */
  label: string;
  defaultValue?: string;
  /** Called with the query once typing pauses for `debounceMs`, and at once on clear or Enter. */
  onSearch: (query: string) => void;
  debounceMs?: number;
  /** Shows a spinner while the host runs the search. */
  loading?: boolean;
  /** Classes of the wrapping `search` landmark. */
  className?: string;
}

/**
 * A search box: debounced `onSearch`, Enter searches now, Escape or the clear button empties it.
 * DOM props and `ref` go to the `input` (the `searchbox`); `className` styles the wrapping
 * `role="search"` landmark that also holds the spinner and the clear button.
 */
export function SearchInput({
  label,
  defaultValue = '',
  onSearch,
  debounceMs = 300,
  loading = false,
  className,
  placeholder,
  onKeyDown,
  ref,
  ...rest
}: SearchInputProps) {
  const [value, setValue] = useState(defaultValue);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(onSearch);
  useEffect(() => {
    latest.current = onSearch;
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  const input = useRef<HTMLInputElement>(null);
  const inputRef = useMergedRef(input, ref);

  function searchNow(query: string) {
    clearTimeout(timer.current);
    latest.current(query);
  }
  function change(query: string) {
    setValue(query);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => latest.current(query), debounceMs);
  }
  function clear() {
    setValue('');
    searchNow('');
    input.current?.focus();
  }

  return (
    <div className={cx('ek-search', className)} role="search">
      <input
        {...rest}
        ref={inputRef}
        type="search"
        aria-label={label}
        placeholder={placeholder ?? label}
        className="ek-input ek-search__input"
        value={value}
        onChange={(e) => change(e.target.value)}
        onKeyDown={(e) => {
          onKeyDown?.(e);
          if (e.defaultPrevented) return;
          if (e.key === 'Enter') searchNow(value);
          if (e.key === 'Escape' && value !== '') {
            e.preventDefault();
            clear();
          }
        }}
      />
      {loading && (
        <span className="ek-spinner ek-spinner--sm ek-search__spinner" role="status" aria-label="Searching" />
      )}
      {value !== '' && (
        <button type="button" className="ek-search__clear" aria-label="Clear search" onClick={clear}>
          <span aria-hidden="true">×</span>
        </button>
      )}
    </div>
  );
}
