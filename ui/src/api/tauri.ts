// The desktop transport: Tauri IPC to the shell, which runs each operation
// on a blocking thread. Also the shell's own commands (save, pick, preview,
// an encrypted register's passphrase).
import { invoke } from "@tauri-apps/api/core";
import type { ErrorPayload } from "./generated";
import { toApiError, type Transport } from "./transport";

export const tauriTransport: Transport = {
  call(op: string, input: unknown, key: string): Promise<unknown> {
    return invoke(op, { input, key });
  },
};

async function shell<T>(cmd: string, args: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

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

export const platform = {
  registerStatus: () => shell<RegisterStatus>("register_status", {}),
  openRegister: (passphrase: string) => shell<RegisterStatus>("open_register", { passphrase }),
  /** Saves where the user chooses and opens it; null when cancelled. */
  saveFile: (name: string, bytes: string) => shell<Saved | null>("save_file", { name, bytes }),
  /** Asks for a file ("import", "attach" or "logo"); null when cancelled. */
  pickFile: (purpose: "import" | "attach" | "logo", extensions: string[]) =>
    shell<Picked | null>("pick_file", { purpose, extensions }),
  /** Shows a PDF that is not issued, from a private temporary file. */
  openPreview: (name: string, bytes: string) => shell<Saved>("open_preview", { name, bytes }),
};
