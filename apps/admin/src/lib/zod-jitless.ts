import { config } from 'zod';

// The server's CSP forbids eval. Without this, zod probes `new Function` (a reported CSP
// violation) before falling back to its interpreter; jitless goes straight to the interpreter.
config({ jitless: true });
