// What the UI needs from where it runs: the desktop shell (files through
// system dialogs, the register's place, sharing it on the network) or a
// browser seat of the office's host (downloads and file inputs). Chosen
// once at start; the features only call `platform()`.
import type { ErrorPayload } from "./generated";

export interface RegisterStatus {
  open: boolean;
  path: string;
  error: ErrorPayload | null;
}

export interface Saved {
  path: string;
  size: number;
}

export interface Picked {
  name: string;
  /** base64 */
  bytes: string;
}

export interface ConnectedSeat {
  address: string;
  name: string;
  user: string | null;
  idle_seconds: number;
}

export interface ShareStatus {
  on: boolean;
  address: string;
  /** What the other computers type to reach it. */
  seat_addresses: string[];
  pairing_code: string;
  fingerprint: string;
  seats: ConnectedSeat[];
}

export interface ConnectionStatus {
  mode: "choose" | "local" | "remote";
  path: string;
  address: string;
  seat_name: string;
  sharing: ShareStatus;
}

export interface Printers {
  printers: string[];
  /** The system's default printer, if one is set. */
  default: string | null;
}

export interface Printed {
  printer: string;
  copies: number;
  /** The print system's name for the job ("" on a browser seat). */
  job: string;
}

export interface Platform {
  /** The desktop app (false: a browser seat of the host). */
  desktop: boolean;
  registerStatus(): Promise<RegisterStatus>;
  openRegister(passphrase: string): Promise<RegisterStatus>;
  /** Saves where the user chooses (the desktop opens it); null when cancelled. */
  saveFile(name: string, bytes: string): Promise<Saved | null>;
  /** Asks for a file ("import", "attach" or "logo"); null when cancelled. */
  pickFile(purpose: "import" | "attach" | "logo", extensions: string[]): Promise<Picked | null>;
  /** Shows a PDF that is not issued. */
  openPreview(name: string, bytes: string): Promise<Saved>;
  /** This computer's printers (none on a browser seat: the browser prints). */
  printers(): Promise<Printers>;
  /** Sends a PDF to a printer (a browser seat opens it for the browser's print). */
  printPdf(name: string, bytes: string, printer: string, copies: number): Promise<Printed>;
  connectionStatus(): Promise<ConnectionStatus>;
  useLocalRegister(): Promise<ConnectionStatus>;
  connectToHost(address: string, pairingCode: string, seatName: string): Promise<ConnectionStatus>;
  shareRegister(listen: string): Promise<ShareStatus>;
  shareStatus(): Promise<ShareStatus>;
  stopSharing(): Promise<ShareStatus>;
}

let current: Platform | null = null;

export function setPlatform(p: Platform): void {
  current = p;
}

export function platform(): Platform {
  if (!current) throw new Error("no platform chosen");
  return current;
}
