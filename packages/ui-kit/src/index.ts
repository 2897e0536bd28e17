// Re-exports only: every component lives in its own module so that bundlers keep only what is used.
export { Alert, type AlertProps, type Tone } from './alert.js';
export { Badge, type BadgeProps } from './badge.js';
export { Breadcrumbs, type BreadcrumbItem, type BreadcrumbsProps } from './breadcrumbs.js';
export { Button, type ButtonProps, type ButtonSize, type ButtonVariant } from './button.js';
export { Card, type CardProps } from './card.js';
export { Checkbox, type CheckboxProps } from './checkbox.js';
export { ConfirmDialog, type ConfirmDialogProps } from './confirm-dialog.js';
export {
  DataTable,
  type DataTableColumn,
  type DataTableProps,
  type SortDirection,
  type SortState,
} from './data-table.js';
export { Dialog, DialogClose, type DialogProps } from './dialog.js';
export { Drawer, type DrawerProps } from './drawer.js';
export { DropdownMenu, type DropdownMenuItem, type DropdownMenuProps } from './dropdown-menu.js';
export { EmptyState, type EmptyStateProps } from './empty-state.js';
export { Field, Label, useField, type FieldProps, type LabelProps } from './field.js';
export { IconButton, type IconButtonProps } from './icon-button.js';
export { Input, type InputProps } from './input.js';
export { Popover, type PopoverProps } from './popover.js';
export { Progress, type ProgressProps } from './progress.js';
export { RadioGroup, type RadioGroupProps, type RadioOption } from './radio-group.js';
export { SearchInput, type SearchInputProps } from './search-input.js';
export { Select, type SelectOption, type SelectProps } from './select.js';
export { Separator, type SeparatorProps } from './separator.js';
export { Skeleton, SkeletonText, type SkeletonProps, type SkeletonTextProps } from './skeleton.js';
export { Spinner, type SpinnerProps } from './spinner.js';
export { Inline, Stack, type Space, type StackProps } from './stack.js';
export { Switch, type SwitchProps } from './switch.js';
export { Tabs, type TabItem, type TabsProps } from './tabs.js';
export { Heading, Text, type HeadingProps, type TextProps } from './text.js';
export { TextArea, type TextAreaProps } from './text-area.js';
export { ToastProvider, useToast, type ToastOptions, type ToastProviderProps } from './toast.js';
export { Tooltip, type TooltipProps } from './tooltip.js';
