// 访问规则: which roles may see a complainant's identity on a case they do
// not take part in (with a logged reason), and the names from before
// accounts that no account matched, each given to an account.
import { accessRules, listUsers, mapParticipant, setAccessRules, unmappedParticipants, type UnmappedName, type UserView } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { h, select } from "../../lib/dom";
import { t } from "../../lib/i18n";
import { roleBoxes, tickedRoles } from "../session/view";
import type { Hub } from "./hub";

function unmappedBlock(hub: Hub, banner: HTMLElement, status: (s: string) => void): HTMLElement {
  const box = h("div", { id: "unmapped" });
  let users: UserView[] = [];
  const render = (names: UnmappedName[]) => {
    if (!names.length) return box.replaceChildren(h("p", { class: "muted", id: "unmapped-none" }, t("access.unmapped_none")));
    box.replaceChildren(
      h(
        "ul",
        { class: "backup-list", id: "unmapped-list" },
        names.map((n, i) => {
          const who = select({ id: `unmapped-user-${i}`, "aria-label": n.name }, [{ value: "", label: t("common.choose") }, ...users.map((u) => ({ value: String(u.id), label: u.display_name }))], "");
          const give = h("button", { type: "button", class: "secondary small", id: `btn-unmapped-${i}` }, t("access.map"));
          give.addEventListener("click", async () => {
            if (!who.value) return who.focus();
            showBanner(banner, null);
            try {
              render(await mapParticipant({ name: n.name, user_id: Number(who.value) }));
              status(t("access.mapped", { name: n.name }));
            } catch (e) {
              if (hub.alive()) showBanner(banner, e as ApiError);
            }
          });
          return h("li", { class: "unmapped-item", "data-name": n.name }, h("span", {}, t("access.unmapped_line", { name: n.name, n: n.cases })), " ", who, give);
        }),
      ),
    );
  };
  Promise.all([unmappedParticipants(), listUsers()])
    .then(([names, us]) => {
      users = us.filter((u) => u.active);
      if (hub.alive()) render(names);
    })
    .catch((e) => hub.alive() && showBanner(banner, e as ApiError));
  return box;
}

export function accessCard(hub: Hub): HTMLElement {
  const banner = bannerEl("access-error");
  const status = h("div", { class: "ok-status", id: "access-status", "aria-live": "polite", hidden: true });
  const say = (s: string) => {
    status.textContent = s;
    status.hidden = false;
  };
  const slot = h("div", { id: "access-roles-slot" }, h("div", { class: "loading" }, t("app.loading")));
  const save = h("button", { type: "button", class: "primary", id: "btn-access-save", disabled: true }, t("access.save"));
  let boxes: HTMLElement | null = null;
  accessRules()
    .then((r) => {
      if (!hub.alive()) return;
      boxes = roleBoxes("reveal", r.reveal_roles);
      slot.replaceChildren(boxes);
      save.disabled = false;
    })
    .catch((e) => hub.alive() && showBanner(banner, e as ApiError));
  save.addEventListener("click", async () => {
    if (!boxes) return;
    save.disabled = true;
    showBanner(banner, null);
    status.hidden = true;
    try {
      const r = await setAccessRules({ reveal_roles: tickedRoles(boxes) });
      boxes = roleBoxes("reveal", r.reveal_roles);
      slot.replaceChildren(boxes);
      say(t("access.saved"));
    } catch (e) {
      if (hub.alive()) showBanner(banner, e as ApiError);
    } finally {
      save.disabled = false;
    }
  });
  return h(
    "section",
    { class: "card", id: "settings-access" },
    h("h2", {}, t("access.title")),
    h("p", { class: "note" }, t("access.intro")),
    banner,
    h("div", { class: "field wide" }, h("span", { class: "label" }, t("access.reveal_roles")), slot),
    h("div", { class: "actions" }, save, status),
    h("h3", { class: "sub" }, t("access.unmapped")),
    h("p", { class: "note" }, t("access.unmapped_intro")),
    unmappedBlock(hub, banner, say),
  );
}
