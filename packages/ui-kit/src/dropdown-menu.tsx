import type { ComponentPropsWithRef, ReactElement, ReactNode } from 'react';
import * as Menu from '@radix-ui/react-dropdown-menu';
import { cx } from './cx.js';

export type DropdownMenuItem =
  | { type?: 'item'; label: ReactNode; onSelect: () => void; disabled?: boolean; danger?: boolean; textValue?: string }
  | { type: 'separator' };

export interface DropdownMenuProps extends Omit<ComponentPropsWithRef<'div'>, 'children'> {
  /** The button that opens the menu (gets `aria-haspopup` and `aria-expanded`). */
  trigger: ReactElement;
  items: readonly DropdownMenuItem[];
  align?: 'start' | 'center' | 'end';
  /** Accessible name of the menu; default the trigger's. */
  label?: string;
  className?: string;
}

/**
 * A menu button (Radix): Enter/Space/ArrowDown open, arrows move, typeahead, Esc closes and refocuses.
 * DOM props and `ref` go to the `menu` (Radix `DropdownMenu.Content` in the portal; rendered only
 * while open); the trigger is your own element and keeps its own props.
 */
export function DropdownMenu({ trigger, items, align = 'start', label, className, ...rest }: DropdownMenuProps) {
  return (
    <Menu.Root>
      <Menu.Trigger asChild>{trigger}</Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          {...rest}
          align={align}
          sideOffset={4}
          aria-label={label ?? rest['aria-label']}
          className={cx('ek-popover', 'ek-menu', className)}
        >
          {items.map((item, index): ReactNode =>
            item.type === 'separator' ? (
              <Menu.Separator key={index} className="ek-menu__separator" />
            ) : (
              <Menu.Item
                key={index}
                disabled={item.disabled}
                textValue={item.textValue}
                onSelect={item.onSelect}
                className={cx('ek-menu__item', item.danger && 'ek-menu__item--danger')}
              >
                {item.label}
              </Menu.Item>
            ),
          )}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}
