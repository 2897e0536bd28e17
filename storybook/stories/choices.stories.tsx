import type { Meta, StoryObj } from '@storybook/react-vite';
import { Checkbox, RadioGroup, Stack, Switch } from '@extsys/ui-kit';

const meta = {
  title: 'Forms/Checkbox',
  component: Checkbox,
  args: { label: 'Email me about updates' },
} satisfies Meta<typeof Checkbox>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Unchecked: Story = {};
export const Checked: Story = { args: { defaultChecked: true } };
export const Indeterminate: Story = { args: { checked: 'indeterminate', label: 'Select all' } };
export const Disabled: Story = { args: { disabled: true } };
export const Radios: Story = {
  render: () => (
    <Stack gap={5}>
      <RadioGroup
        label="Notification channel"
        defaultValue="email"
        options={[
          { value: 'email', label: 'Email' },
          { value: 'sms', label: 'SMS' },
          { value: 'none', label: 'None', disabled: true },
        ]}
      />
      <RadioGroup
        label="Density"
        orientation="horizontal"
        defaultValue="comfortable"
        options={[
          { value: 'compact', label: 'Compact' },
          { value: 'comfortable', label: 'Comfortable' },
        ]}
      />
    </Stack>
  ),
};
export const Switches: Story = {
  render: () => (
    <Stack>
      <Switch label="Dark mode" />
      <Switch label="Auto-assign" defaultChecked />
      <Switch label="Locked" disabled />
    </Stack>
  ),
};
