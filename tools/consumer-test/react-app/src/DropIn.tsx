import { AttuneChat } from '@attune/react/widget';

export function DropIn({ onChoose }: { onChoose: (optionId: string) => void }) {
  return <AttuneChat mode="inline" heading="Support" onChoose={(e) => onChoose(e.detail.optionId)} />;
}
