// Measurement entry: what an app pays for the drop-in <AttuneChat>.
import { createRoot } from 'react-dom/client';
import { DropIn } from './DropIn';

createRoot(document.body).render(<DropIn onChoose={(id) => console.log(id)} />);
