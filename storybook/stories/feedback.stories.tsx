import type { Meta, StoryObj } from '@storybook/react-vite';
import {
  Button,
  Progress,
  Skeleton,
  SkeletonText,
  Spinner,
  Stack,
  ToastProvider,
  useToast,
  Inline,
} from '@extsys/ui-kit';

const meta = {
  title: 'Feedback/Progress',
  component: Progress,
  args: { label: 'Upload', value: 40 },
} satisfies Meta<typeof Progress>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Determinate: Story = {};
export const Tones: Story = {
  render: () => (
    <Stack>
      <Progress label="Primary" value={30} />
      <Progress label="Success" value={100} tone="success" />
      <Progress label="Warning" value={80} tone="warning" />
      <Progress label="Danger" value={95} tone="danger" size="sm" />
    </Stack>
  ),
};
export const Indeterminate: Story = { args: { value: undefined, label: 'Importing' } };
export const Spinners: Story = {
  render: () => (
    <Inline>
      <Spinner size="sm" />
      <Spinner size="md" label="Loading tickets" />
      <Spinner size="lg" />
    </Inline>
  ),
};
export const Skeletons: Story = {
  render: () => (
    <Stack role="group" aria-busy="true" aria-label="Loading profile">
      <Inline>
        <Skeleton shape="circle" width={40} height={40} />
        <Skeleton width={160} height={16} />
      </Inline>
      <SkeletonText lines={3} />
    </Stack>
  ),
};

function ToastDemo() {
  const { toast } = useToast();
  return (
    <Inline>
      <Button onClick={() => toast({ title: 'Ticket saved', tone: 'success' })}>Success toast</Button>
      <Button variant="danger" onClick={() => toast({ title: 'Could not save', tone: 'danger', durationMs: 0 })}>
        Error toast
      </Button>
    </Inline>
  );
}
export const Toasts: Story = {
  render: () => (
    <ToastProvider>
      <ToastDemo />
    </ToastProvider>
  ),
};
