import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { takeTokenFromLocation } from './api';
import { App } from './App';
import './styles.css';

// Before anything renders: move the access token from the address bar into sessionStorage.
takeTokenFromLocation();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
