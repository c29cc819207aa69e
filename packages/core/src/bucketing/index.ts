export { murmur3 } from './murmur3';
export { bucketOf } from './bucket';
