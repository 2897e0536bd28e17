import type { Meta, StoryObj } from '@storybook/react-vite';
import { fn } from 'storybook/test';
import { SearchInput } from '@extsys/ui-kit';

const meta = {
  title: 'Forms/SearchInput',
  component: SearchInput,
  args: { label: 'Search tickets', onSearch: fn(), debounceMs: 300 },
} satisfies Meta<typeof SearchInput>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {};
export const WithQuery: Story = { args: { defaultValue: 'printer' } };
export const Loading: Story = { args: { defaultValue: 'printer', loading: true } };
