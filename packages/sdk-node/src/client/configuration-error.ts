/** Thrown by `createClient` when the options cannot work. The only error the SDK ever throws. */
export class SwitchyardConfigurationError extends Error {
  override readonly name = 'SwitchyardConfigurationError';
}
