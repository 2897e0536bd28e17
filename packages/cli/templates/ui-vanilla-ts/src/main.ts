// Entry: connect to the host (handshake, theme, token), then render the page into #root.
import './app.css';
import { connect } from '@extsys/ext-sdk';
import { mountPage, showError } from './page.js';

const root = document.getElementById('root')!;
connect().then(
  (ext) => mountPage(root, ext),
  (error: unknown) => showError(root, 'Could not connect to the host', error),
);
