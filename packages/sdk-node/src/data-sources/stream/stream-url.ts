import { STREAM_PATH } from '@switchyard/core';

/** The WebSocket URL of the stream endpoint for a base URL: http → ws, https → wss. No key in it, ever. */
export function streamUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${STREAM_PATH}`;
  url.search = '';
  url.hash = '';
  return url.toString();
}
