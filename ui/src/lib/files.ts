// Files in and out: a document the core made (base64) saved where the user
// chooses, and a file picked to send to the core. Both go through the
// platform of api/ (the desktop shell, or a browser seat).
import { platform, type Picked } from "../api/platform";

/** Saves `b64` as `name`; the path written, or null when the user cancelled. */
export async function saveFile(name: string, b64: string): Promise<string | null> {
  const r = await platform().saveFile(name, b64);
  return r ? r.path : null;
}

/** Asks for a file to send ("import", "attach" or "logo"); null when cancelled. */
export function pickFile(purpose: "import" | "attach" | "logo", extensions: string[]): Promise<Picked | null> {
  return platform().pickFile(purpose, extensions);
}

/** Shows a PDF that is not issued (a preview); the temporary path or name. */
export async function openPreview(name: string, b64: string): Promise<string> {
  return (await platform().openPreview(name, b64)).path;
}
