// 设置 (administrators): the cards — language, office and letterhead, users,
// access rules, personal data, the font, data safety (backups, the audit
// trail), encryption, the reward scheme, deadline rules, the calendar.
import { getSettings } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { append, h } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { accessCard } from "./access";
import { backupsCard } from "./backups";
import { calendarCard } from "./calendar";
import { deadlinesCard } from "./deadlines";
import { docNumbersCard } from "./docnumbers";
import { encryptionCard } from "./encryption";
import { aboutCard, fontCard, languageCard, rewardPresetCard } from "./general";
import { makeHub } from "./hub";
import { officeCard } from "./office";
import { privacyCard } from "./privacy";
import { sharingCard } from "./sharing";
import { usersCard } from "./users";

export function mountSettings(main: HTMLElement): () => void {
  const hub = makeHub();
  const banner = bannerEl("settings-load-error");
  const safety = backupsCard(hub);
  append(main, [
    h("h1", { class: "view-title" }, t("settings.title")),
    banner,
    languageCard(hub, banner),
    officeCard(hub),
    docNumbersCard(hub),
    usersCard(),
    accessCard(hub),
    privacyCard(hub),
    fontCard(hub),
    safety,
    sharingCard(),
    encryptionCard(hub),
    rewardPresetCard(hub),
    deadlinesCard(hub),
    calendarCard(hub),
    aboutCard(),
  ]);
  getSettings()
    .then((s) => hub.saved(s))
    .catch((e: ApiError) => hub.alive() && showBanner(banner, e));
  // After a restore the app lands here: show what happened.
  if (!document.getElementById("backup-status")?.hidden) safety.scrollIntoView?.({ block: "start" });
  return () => hub.close();
}
