export { gracefulClose, trackRequests, type GracefulCloseOptions } from './graceful-close.js';
