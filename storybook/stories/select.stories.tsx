import type { Meta, StoryObj } from '@storybook/react-vite';
import { Field, Select } from '@extsys/ui-kit';

const options = [
  { value: 'low', label: 'Low' },
  { value: 'normal', label: 'Normal' },
  { value: 'high', label: 'High' },
  { value: 'urgent', label: 'Urgent', disabled: true },
];

const meta = {
  title: 'Forms/Select',
  component: Select,
  args: { options, 'aria-label': 'Priority' },
} satisfies Meta<typeof Select>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const WithValue: Story = { args: { defaultValue: 'high' } };
export const InField: Story = {
  render: (args) => (
    <Field label="Priority" help="Type a letter to jump to an option.">
      <Select options={args.options} />
    </Field>
  ),
};
export const Disabled: Story = { args: { disabled: true, defaultValue: 'low' } };
