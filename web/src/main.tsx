import { render } from 'preact';
import { language } from './i18n';
import { App } from './routes/app';
import { bootstrap } from './state/session';
import './styles/index.css';

document.documentElement.lang = language.value;
const root = document.getElementById('app');
if (root) {
  render(<App />, root);
  void bootstrap();
}

// Installable app (APP-3): the service worker only in production builds (the dev server serves sources).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  });
}
