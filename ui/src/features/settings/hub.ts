// What the settings cards share: the settings as last read from the core
// (update_settings replaces all of them, so a card saving its own fields
// sends the others as loaded), and whether the view is still shown.
import type { Settings } from "../../api/generated";

export interface Hub {
  /** The settings as the core last gave them (null until read). */
  loaded(): Settings | null;
  /** The core gave new settings: every card shows them. */
  saved(s: Settings): void;
  /** A card that shows settings registers here. */
  onSettings(fill: (s: Settings) => void): void;
  /** False once the user left the view. */
  alive(): boolean;
}

export function makeHub(): Hub & { close(): void } {
  let current: Settings | null = null;
  let live = true;
  const fills: ((s: Settings) => void)[] = [];
  return {
    loaded: () => current,
    saved(s) {
      current = s;
      if (live) for (const f of fills) f(s);
    },
    onSettings(fill) {
      fills.push(fill);
      if (current) fill(current);
    },
    alive: () => live,
    close() {
      live = false;
    },
  };
}
