// How the generated client reaches the core: one function, `call`, over
// the transport chosen at start (the desktop app's IPC today; the office
// network's HTTPS later). Nothing else in the UI knows which it is.
import type { Changes, ErrorPayload } from "./generated";

export interface Transport {
  /** Runs one operation; `key` makes a retried write happen only once. */
  call(op: string, input: unknown, key: string): Promise<unknown>;
}

/** What other seats (or this one) changed, as it happens; and whether the
 *  register (this computer's or the host) can be reached. */
export interface Feed {
  /** Starts following; returns the function that stops it. */
  follow(onChanges: (c: Changes) => void, onConnection: (online: boolean, message?: string) => void): () => void;
}

let transport: Transport | null = null;

export function setTransport(t: Transport): void {
  transport = t;
}

/** A fresh idempotency key for one call (its retries reuse it). */
export function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** An error from the core: `{code, message, fields}`. */
export class ApiError extends Error {
  code: string;
  fields: ErrorPayload["fields"];
  constructor(p: ErrorPayload) {
    super(p.message);
    this.code = p.code;
    this.fields = Array.isArray(p.fields) ? p.fields : [];
  }
}

function isPayload(e: unknown): e is ErrorPayload {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** Whatever a call rejected with, as an ApiError (a bare string or Error is "internal"). */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (isPayload(e)) return new ApiError(e);
  return new ApiError({ code: "internal", message: e instanceof Error ? e.message : String(e), fields: [] });
}

/** Asked when a call is refused (e.g. the session locked): resolving true
 *  sends the call again with the same key; false lets the error through. */
export type Recovery = (e: ApiError, op: string) => Promise<boolean>;
let recovery: Recovery | null = null;

export function setRecovery(r: Recovery | null): void {
  recovery = r;
}

/** Runs `op` with `input`; errors come back as `ApiError`. */
export async function call<T>(op: string, input: unknown): Promise<T> {
  if (!transport) throw new ApiError({ code: "internal", message: "no transport chosen", fields: [] });
  const key = newKey();
  for (;;) {
    try {
      return (await transport.call(op, input, key)) as T;
    } catch (e) {
      const err = toApiError(e);
      if (recovery && (await recovery(err, op))) continue;
      throw err;
    }
  }
}
