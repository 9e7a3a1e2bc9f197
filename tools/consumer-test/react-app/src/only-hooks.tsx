// Measurement entry: what an app pays for the hooks alone.
import { createRoot } from 'react-dom/client';
import { Support } from './Support';

createRoot(document.body).render(<Support />);
