/**
 * Entry point of the lazyrich explorer: mounts the app shell into `#app`.
 * @module
 */
import { mount } from 'svelte';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('lazyrich explorer: the page has no #app element.');

/** The mounted app shell. */
export const app = mount(App, { target });
