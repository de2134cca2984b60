import { render } from 'preact';
import { App } from './shell/App.js';
import './styles.css';

render(<App />, document.getElementById('root')!);
