export {
  serviceFastifyOptions,
  useErrorEnvelopes,
  type RawServiceRequest,
  type ServiceOptions,
} from './fastify-service.js';
export { gracefulClose, trackRequests, type GracefulCloseOptions } from './graceful-close.js';
