import { render } from 'preact';
import { language } from './i18n';
import { App } from './routes/app';
import { bootstrap } from './state/session';
import './styles.css';

document.documentElement.lang = language.value;
const root = document.getElementById('app');
if (root) {
  render(<App />, root);
  void bootstrap();
}
