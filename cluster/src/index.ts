export {
  startCluster,
  clusterUnavailable,
  CLUSTER_TENANTS,
  HELLO_BUNDLE,
  type Cluster,
  type ClusterOptions,
  type Replica,
} from './cluster.js';
export { ClusterError, type ClusterErrorCode } from './errors.js';
export { nginxConfig, nginxUnavailable, nginxPath, type NginxLayout } from './nginx.js';
export { databaseSupport, type DatabaseSupport } from './support.js';
export { type Published } from './publish.js';
export { ExtClient, call, extToken, login, DEFAULT_DEADLINE_MS, type CallOutcome } from './client.js';
export { runFaultLoad, type FaultLoadOptions, type FaultLoadReport } from './fault-load.js';
