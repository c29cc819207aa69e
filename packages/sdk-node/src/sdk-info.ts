import type { SdkInfo } from '@switchyard/core';

/** This SDK's version; a unit test keeps it equal to package.json's. */
export const SDK_VERSION = '0.1.0';

/** How this SDK introduces itself in `hello.sdk`, shown in the server's connection list. */
export const SDK_INFO: SdkInfo = Object.freeze({ name: '@switchyard/sdk-node', version: SDK_VERSION });
