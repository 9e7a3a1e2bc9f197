// Measurement baseline: the same app without Attune.
import { createRoot } from 'react-dom/client';

createRoot(document.body).render(<p>Support</p>);
