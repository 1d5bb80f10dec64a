// 在局域网共享本登记簿 (desktop, administrators): share this computer's
// register with the office's other seats — the address, the pairing code a
// seat types, the certificate's fingerprint a browser seat checks, and the
// seats connected now; or stop. A seat of another host says so instead.
import { platform, type ShareStatus } from "../../api/platform";
import { toApiError } from "../../api/transport";
import { bannerEl, showBanner } from "../../lib/banner";
import { append, clear, field, h } from "../../lib/dom";
import { getLang, t } from "../../lib/i18n";
import { idleText } from "../connection/logic";

export function sharingCard(): HTMLElement | null {
  if (!platform().desktop) return null;
  const banner = bannerEl("share-error");
  const body = h("div", { id: "share-body" });
  const card = h("section", { class: "card", id: "share-card" }, h("h2", {}, t("share.title")), h("p", { class: "muted" }, t("share.text")), banner, body);
  let timer: number | undefined;

  const drawSeats = (s: ShareStatus) =>
    h(
      "div",
      { id: "share-seats" },
      h("h3", {}, t("share.seats")),
      s.seats.length
        ? h(
            "ul",
            { class: "seat-list" },
            s.seats.map((seat) => h("li", { class: "seat" }, h("strong", {}, seat.name || seat.address), ` · ${seat.address}`, seat.user ? ` · ${seat.user}` : "", h("span", { class: "muted" }, ` · ${idleText(seat.idle_seconds, getLang())}`))),
          )
        : h("p", { class: "muted" }, t("share.no_seats")),
    );

  const draw = (s: ShareStatus) => {
    if (!card.isConnected && timer !== undefined) {
      window.clearInterval(timer);
      timer = undefined;
      return;
    }
    clear(body);
    if (s.on) {
      const port = s.address.split(":").pop() ?? "8443";
      const stop = h("button", { type: "button", class: "secondary", id: "btn-share-stop" }, t("share.stop"));
      stop.addEventListener("click", () => act(() => platform().stopSharing()));
      append(body, [
        h("p", { id: "share-on" }, t("share.on", { address: s.address })),
        s.seat_addresses.length
          ? h("p", { id: "share-addresses" }, t("share.addresses"), " ", s.seat_addresses.map((a, i) => [i ? "、" : "", h("strong", { class: "mono" }, a)]).flat())
          : null,
        h(
          "dl",
          { class: "kv-grid" },
          h("div", { class: "kv" }, h("dt", {}, t("share.code")), h("dd", { class: "mono big", id: "share-code" }, s.pairing_code)),
          h("div", { class: "kv wide" }, h("dt", {}, t("share.fingerprint")), h("dd", { class: "mono small", id: "share-fingerprint" }, s.fingerprint)),
        ),
        h("p", { class: "muted" }, t("share.browser", { address: s.seat_addresses[0] ?? `localhost:${port}` })),
        drawSeats(s),
        h("div", { class: "actions" }, stop),
      ]);
      if (timer === undefined) timer = window.setInterval(() => void platform().shareStatus().then(draw, () => undefined), 5000);
    } else {
      if (timer !== undefined) window.clearInterval(timer);
      timer = undefined;
      const listen = h("input", { id: "share-listen", type: "text", value: "0.0.0.0:8443", spellcheck: "false", autocomplete: "off" });
      const start = h("button", { type: "button", class: "primary", id: "btn-share-start" }, t("share.start"));
      start.addEventListener("click", () => act(() => platform().shareRegister(listen.value.trim())));
      body.append(h("div", { class: "form-grid" }, field("share-listen", t("share.listen"), listen)), h("div", { class: "actions" }, start));
    }
  };

  const act = async (f: () => Promise<ShareStatus>) => {
    showBanner(banner, null);
    for (const b of Array.from(body.querySelectorAll("button"))) b.disabled = true;
    try {
      draw(await f());
    } catch (e) {
      showBanner(banner, toApiError(e));
      for (const b of Array.from(body.querySelectorAll("button"))) b.disabled = false;
    }
  };

  platform()
    .connectionStatus()
    .then((c) => {
      if (c.mode === "remote") {
        clear(body);
        body.append(h("p", { id: "share-remote" }, t("share.remote", { address: c.address, seat: c.seat_name })));
      } else draw(c.sharing);
    })
    .catch((e) => showBanner(banner, toApiError(e)));
  return card;
}
