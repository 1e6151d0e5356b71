import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { watchTokenInLocation } from './api';
import { App } from './App';
import './styles.css';

// Before anything renders (and before the hash router listens): move the access token from the
// address bar into sessionStorage, now and whenever a new address is pasted.
watchTokenInLocation();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
