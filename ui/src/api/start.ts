// Where the UI runs, decided once at start: inside the desktop app (Tauri
// IPC to the shell) or in a browser served by the office's host (HTTPS).
// Sets the transport and the platform and gives the change feed; nothing
// outside ui/src/api knows which it is.
import { browserPlatform } from "./browser";
import { httpsFeed, httpsTransport } from "./https";
import { setPlatform } from "./platform";
import { tauriFeed, tauriPlatform, tauriTransport } from "./tauri";
import { setTransport, type Feed } from "./transport";

export function startBackend(): Feed {
  const desktop = "__TAURI_INTERNALS__" in window;
  setPlatform(desktop ? tauriPlatform : browserPlatform);
  setTransport(desktop ? tauriTransport : httpsTransport());
  return desktop ? tauriFeed : httpsFeed();
}
