import type { Meta, StoryObj } from '@storybook/react-vite';
import { Button, IconButton, Inline } from '@extsys/ui-kit';

const meta = {
  title: 'Actions/Button',
  component: Button,
  args: { children: 'Save changes', variant: 'primary', size: 'md' },
  argTypes: {
    variant: { control: 'inline-radio', options: ['primary', 'secondary', 'danger', 'ghost', 'link'] },
    size: { control: 'inline-radio', options: ['sm', 'md', 'lg'] },
  },
} satisfies Meta<typeof Button>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Primary: Story = {};
export const Secondary: Story = { args: { variant: 'secondary' } };
export const Danger: Story = { args: { variant: 'danger', children: 'Delete' } };
export const Ghost: Story = { args: { variant: 'ghost' } };
export const Link: Story = { args: { variant: 'link', children: 'View details' } };
export const Sizes: Story = {
  render: (args) => (
    <Inline>
      <Button {...args} size="sm">
        Small
      </Button>
      <Button {...args} size="md">
        Medium
      </Button>
      <Button {...args} size="lg">
        Large
      </Button>
    </Inline>
  ),
};
export const Loading: Story = { args: { loading: true, children: 'Saving' } };
export const Disabled: Story = { args: { disabled: true } };
export const Icon: Story = {
  render: () => (
    <Inline>
      <IconButton label="Edit" icon="✎" />
      <IconButton label="Delete" icon="🗑" variant="danger" />
      <IconButton label="Settings" icon="⚙" variant="secondary" size="lg" />
    </Inline>
  ),
};
