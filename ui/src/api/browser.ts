// A browser seat of the office's host: documents download, files come
// from a file input, previews open in a new tab. The register is always
// open (the host holds it); where it is and sharing are the host's
// business, so those calls say so.
import { ApiError } from "./transport";
import type { ConnectionStatus, Picked, Platform, Printed, Saved, ShareStatus } from "./platform";

function bytesOf(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function base64Of(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function mime(name: string): string {
  if (name.endsWith(".pdf")) return "application/pdf";
  if (name.endsWith(".csv")) return "text/csv";
  if (name.endsWith(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return "application/octet-stream";
}

function notHere(): Promise<never> {
  return Promise.reject(
    new ApiError({ code: "not_on_seat", message: "这台电脑是登记簿主机的浏览器席位；登记簿的位置和共享在主机上设置。", fields: [] }),
  );
}

const none: ShareStatus = { on: false, address: "", seat_addresses: [], pairing_code: "", fingerprint: "", seats: [] };

export const browserPlatform: Platform = {
  desktop: false,
  registerStatus: async () => ({ open: true, path: location.host, error: null }),
  openRegister: () => notHere(),
  async saveFile(name: string, b64: string): Promise<Saved | null> {
    const bytes = bytesOf(b64);
    const url = URL.createObjectURL(new Blob([bytes], { type: mime(name) }));
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    return { path: name, size: bytes.length };
  },
  pickFile(_purpose, extensions): Promise<Picked | null> {
    return new Promise((resolve, reject) => {
      const input = document.createElement("input");
      input.type = "file";
      input.accept = extensions.map((e) => "." + e).join(",");
      input.hidden = true;
      input.id = "browser-file-input";
      document.body.appendChild(input);
      const done = () => input.remove();
      input.addEventListener("cancel", () => {
        done();
        resolve(null);
      });
      input.addEventListener("change", () => {
        const f = input.files?.[0];
        done();
        if (!f) return resolve(null);
        f.arrayBuffer().then((buf) => resolve({ name: f.name, bytes: base64Of(buf) }), reject);
      });
      input.click();
    });
  },
  async openPreview(name: string, b64: string): Promise<Saved> {
    const bytes = bytesOf(b64);
    const url = URL.createObjectURL(new Blob([bytes], { type: mime(name) }));
    window.open(url, "_blank", "noopener");
    setTimeout(() => URL.revokeObjectURL(url), 600_000);
    return { path: name, size: bytes.length };
  },
  printers: async () => ({ printers: [], default: null }),
  // The browser prints: the PDF opens in a tab with its own print button.
  async printPdf(name: string, b64: string, _printer: string, copies: number): Promise<Printed> {
    await browserPlatform.openPreview(name, b64);
    return { printer: "", copies, job: "" };
  },
  connectionStatus: async (): Promise<ConnectionStatus> => ({ mode: "remote", path: "", address: location.host, seat_name: "", sharing: none }),
  useLocalRegister: () => notHere(),
  connectToHost: () => notHere(),
  shareRegister: () => notHere(),
  shareStatus: async () => none,
  stopSharing: () => notHere(),
};
