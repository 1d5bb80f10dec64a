// Encryption at rest, the parts without a screen: what the settings card says
// about the register now, and the check made before a passphrase is sent.
import type { AppInfo } from "./api";
import type { MsgKey } from "./i18n";

/** The passphrase the backend accepts at the least (encryption.rs MIN_PASSPHRASE_CHARS). */
export const MIN_PASSPHRASE_CHARS = 10;

/** The state shown on the card and what its button does. */
export function encryptionLabels(info: Pick<AppInfo, "encrypted"> | null): { state: MsgKey; button: MsgKey; busy: MsgKey; done: MsgKey } {
  return info?.encrypted
    ? { state: "enc.state_on", button: "enc.change", busy: "enc.changing", done: "enc.changed" }
    : { state: "enc.state_off", button: "enc.encrypt", busy: "enc.encrypting", done: "enc.encrypted" };
}

/** What is wrong before anything is sent, on which field; the length itself
 *  is the backend's to judge (its message says how long and why). */
export function passphraseProblem(passphrase: string, repeat: string): { field: "passphrase" | "passphrase2"; key: MsgKey } | null {
  if (!passphrase) return { field: "passphrase", key: "enc.required" };
  if (passphrase !== repeat) return { field: "passphrase2", key: "enc.mismatch" };
  return null;
}
