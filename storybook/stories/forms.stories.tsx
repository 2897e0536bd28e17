import type { Meta, StoryObj } from '@storybook/react-vite';
import { Field, Input, Stack, TextArea } from '@extsys/ui-kit';

const meta = {
  title: 'Forms/Field',
  component: Field,
  args: { label: 'Email', children: null },
} satisfies Meta<typeof Field>;
export default meta;
type Story = StoryObj<typeof meta>;

export const WithInput: Story = {
  render: (args) => (
    <Field {...args} help="We never share it.">
      <Input type="email" placeholder="you@example.com" />
    </Field>
  ),
};
export const Required: Story = {
  args: { required: true, label: 'Name' },
  render: (args) => (
    <Field {...args}>
      <Input />
    </Field>
  ),
};
export const WithError: Story = {
  render: (args) => (
    <Field {...args} error="Enter a valid email address.">
      <Input type="email" defaultValue="not-an-email" />
    </Field>
  ),
};
export const Disabled: Story = {
  render: (args) => (
    <Field {...args}>
      <Input disabled defaultValue="locked@example.com" />
    </Field>
  ),
};
export const TextAreaField: Story = {
  args: { label: 'Description' },
  render: (args) => (
    <Stack>
      <Field {...args} help="Markdown is supported.">
        <TextArea placeholder="What happened?" />
      </Field>
    </Stack>
  ),
};
