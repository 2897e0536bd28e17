import type { ComponentPropsWithRef, ReactNode } from 'react';
import * as TabsPrimitive from '@radix-ui/react-tabs';
import { cx } from './cx.js';

export interface TabItem {
  value: string;
  label: ReactNode;
  content: ReactNode;
  disabled?: boolean;
}

export interface TabsProps extends Omit<ComponentPropsWithRef<'div'>, 'defaultValue' | 'dir' | 'children'> {
  items: readonly TabItem[];
  /** Accessible name of the tab list. */
  label: string;
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
  /** `automatic`: arrow keys select; `manual`: arrows move focus, Enter/Space select. */
  activationMode?: 'automatic' | 'manual';
}

/** Tabs (Radix): `tablist`/`tab`/`tabpanel`, arrow keys, Home/End. DOM props and `ref` go to the root `div`. */
export function Tabs({ items, label, className, defaultValue, ...rest }: TabsProps) {
  return (
    <TabsPrimitive.Root {...rest} defaultValue={defaultValue ?? items[0]?.value} className={cx('ek-tabs', className)}>
      <TabsPrimitive.List aria-label={label} className="ek-tabs__list">
        {items.map((item) => (
          <TabsPrimitive.Trigger key={item.value} value={item.value} disabled={item.disabled} className="ek-tabs__tab">
            {item.label}
          </TabsPrimitive.Trigger>
        ))}
      </TabsPrimitive.List>
      {items.map((item) => (
        <TabsPrimitive.Content key={item.value} value={item.value} className="ek-tabs__panel">
          {item.content}
        </TabsPrimitive.Content>
      ))}
    </TabsPrimitive.Root>
  );
}
