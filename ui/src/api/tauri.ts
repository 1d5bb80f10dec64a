// The desktop transport: Tauri IPC to the shell, which runs each operation
// here or on the office's host. Also the shell's own commands (save, pick,
// preview, an encrypted register's passphrase, where the register is and
// sharing it) and the change feed as Tauri events.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { Changes } from "./generated";
import type { ConnectionStatus, Picked, Platform, Printed, Printers, RegisterStatus, Saved, ShareStatus } from "./platform";
import { toApiError, type Feed, type Transport } from "./transport";
import { getLang } from "../lib/i18n";

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

export const tauriPlatform: Platform = {
  desktop: true,
  registerStatus: () => shell<RegisterStatus>("register_status", {}),
  openRegister: (passphrase: string) => shell<RegisterStatus>("open_register", { passphrase }),
  saveFile: (name: string, bytes: string) => shell<Saved | null>("save_file", { name, bytes }),
  pickFile: (purpose, extensions) => shell<Picked | null>("pick_file", { purpose, extensions }),
  openPreview: (name: string, bytes: string) => shell<Saved>("open_preview", { name, bytes }),
  printers: () => shell<Printers>("list_printers", {}),
  printPdf: (name: string, bytes: string, printer: string, copies: number) => shell<Printed>("print_pdf", { name, bytes, printer, copies, lang: getLang() }),
  connectionStatus: () => shell<ConnectionStatus>("connection_status", {}),
  useLocalRegister: () => shell<ConnectionStatus>("use_local_register", {}),
  connectToHost: (address: string, pairingCode: string, seatName: string) =>
    shell<ConnectionStatus>("connect_to_host", { address, pairingCode, seatName, lang: getLang() }),
  shareRegister: (listen: string) => shell<ShareStatus>("share_register", { listen }),
  shareStatus: () => shell<ShareStatus>("share_status", {}),
  stopSharing: () => shell<ShareStatus>("stop_sharing", {}),
};

/** The shell's change feed: `desk-changes` and `desk-connection` events. */
export const tauriFeed: Feed = {
  follow(onChanges, onConnection) {
    let stopped = false;
    const stops: (() => void)[] = [];
    void listen<Changes>("desk-changes", (e) => onChanges(e.payload)).then((u) => (stopped ? u() : stops.push(u)));
    void listen<{ online: boolean; message?: string }>("desk-connection", (e) => onConnection(e.payload.online, e.payload.message)).then((u) =>
      stopped ? u() : stops.push(u),
    );
    return () => {
      stopped = true;
      for (const u of stops) u();
    };
  },
};
