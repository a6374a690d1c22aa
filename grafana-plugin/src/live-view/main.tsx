/** The bridge's live building view: mounts LiveView (the panel's components fed by /api/stream). */
import React from 'react';
import { createRoot } from 'react-dom/client';

import { LiveView } from './LiveView.js';

createRoot(document.getElementById('root')!).render(<LiveView />);
