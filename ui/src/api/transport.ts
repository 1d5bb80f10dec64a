// How the generated client reaches the core: one function, `call`, over
// the transport chosen at start (the desktop app's IPC today; the office
// network's HTTPS later). Nothing else in the UI knows which it is.
import type { ErrorPayload } from "./generated";

export interface Transport {
  /** Runs one operation; `key` makes a retried write happen only once. */
  call(op: string, input: unknown, key: string): Promise<unknown>;
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
    this.fields = p.fields;
  }
}

function isPayload(e: unknown): e is ErrorPayload {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** Runs `op` with `input`; errors come back as `ApiError`. */
export async function call<T>(op: string, input: unknown): Promise<T> {
  if (!transport) throw new Error("no transport chosen");
  try {
    return (await transport.call(op, input, newKey())) as T;
  } catch (e) {
    if (isPayload(e)) throw new ApiError(e);
    throw e;
  }
}
