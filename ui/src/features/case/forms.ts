// The small inline forms of the 办理 panel: one open at a time under the
// buttons, each field `<prefix>-<name>` with its error line; a refusal puts
// its field problems next to the fields and in the case's banner.
import type { UserView } from "../../api/generated";
import type { ApiError } from "../../api/transport";
import { showBanner } from "../../lib/banner";
import { dateInput, dateTimeInput } from "../../lib/datefield";
import { clear, h, select } from "../../lib/dom";
import { clearFieldErrors, enterMovesOn, plainId, showError } from "../../lib/fields";
import { label, t } from "../../lib/i18n";
import type { FormValues } from "../../lib/values";
import { roleLabel } from "../session/view";
import { PROPOSALS, type FieldSpec } from "./logic";

/** A control for one field; ids are `<prefix>-<name>`. `users` lists the people a users field offers. */
function control(prefix: string, f: FieldSpec, init: FormValues, users: UserView[]): HTMLElement {
  const id = `${prefix}-${f.name}`;
  const v = init[f.name];
  switch (f.kind) {
    case "textarea":
      return h("textarea", { id, rows: 3, value: typeof v === "string" ? v : "" });
    case "date":
      return dateInput(id, typeof v === "string" ? v : "");
    case "datetime":
      return dateTimeInput(id, typeof v === "string" ? v : "");
    case "select":
      return select({ id }, (f.options ?? []).map((o) => ({ value: o, label: f.prefix ? label(f.prefix, o) : o })), typeof v === "string" ? v : (f.options ?? [""])[0]);
    case "checkbox":
      return h("input", { id, type: "checkbox", checked: v === true });
    case "proposals":
      return h(
        "div",
        { class: "checks", id, role: "group", tabindex: "-1" },
        PROPOSALS.map((p) => h("label", { class: "check-line" }, h("input", { type: "checkbox", id: `${prefix}-proposal-${p}`, "data-proposal": p }), label("proposal", p))),
      );
    case "users":
      return h(
        "div",
        { class: "checks", id, role: "group", tabindex: "-1" },
        users.length
          ? users.map((u) =>
              h(
                "label",
                { class: "check-line" },
                h("input", { type: "checkbox", id: `${prefix}-inspector-${u.id}`, "data-user-id": u.id }),
                u.display_name,
                h("span", { class: "muted small" }, ` ${u.roles.map(roleLabel).join("、")}`),
              ),
            )
          : h("p", { class: "muted" }, t("handling.no_users")),
      );
    default:
      return h("input", { id, type: "text", autocomplete: "off", value: typeof v === "string" ? v : "" });
  }
}

/** One labelled field of a form. */
export function fieldBox(prefix: string, f: FieldSpec, init: FormValues, labelText?: string, users: UserView[] = []): HTMLElement {
  const id = `${prefix}-${f.name}`;
  const ctl = control(prefix, f, init, users);
  const text = labelText ?? label("fld", f.name);
  const err = h("div", { class: "field-error", id: `${id}-error`, role: "alert", hidden: true });
  if (f.kind === "checkbox") return h("div", { class: "field", "data-field": f.name }, h("label", { class: "check-line" }, ctl, text), err);
  const wide = f.kind === "textarea" || f.kind === "proposals" || f.kind === "users";
  const group = f.kind === "proposals" || f.kind === "users";
  return h(
    "div",
    { class: "field" + (wide ? " wide" : ""), "data-field": f.name },
    group ? h("span", { class: "label" }, text) : h("label", { for: id }, text, f.required ? h("span", { class: "req", "aria-hidden": "true" }, " *") : null),
    ctl,
    err,
  );
}

export interface FormHost {
  /** Opens a form (or closes it when it is open): `submit` sends it and
   *  resolves when done; it resolves to false when nothing was saved and the
   *  form should stay open as typed. */
  open(key: string, btn: HTMLButtonElement, title: string, body: HTMLElement[], submitId: string, prefix: string, submit: (form: HTMLElement) => Promise<void | false>): void;
}

/** The slot the forms open in, under `buttons`; `done` runs after a form was sent. */
export function formHost(slot: HTMLElement, buttons: HTMLElement, banner: HTMLElement, done: () => void, reload: () => void): FormHost {
  let openKey = "";
  const close = () => {
    clear(slot);
    openKey = "";
    for (const b of Array.from(buttons.querySelectorAll("button"))) b.classList.remove("open");
  };
  return {
    open(key, btn, title, body, submitId, prefix, submit) {
      if (openKey === key) {
        close();
        return;
      }
      close();
      openKey = key;
      btn.classList.add("open");
      showBanner(banner, null);
      const send = h("button", { type: "submit", class: "primary", id: submitId }, t("common.submit"));
      const form = h(
        "form",
        { class: "step-form card-inner", id: "step-form", "data-form": key, novalidate: true },
        h("h3", { class: "sub" }, title),
        h("div", { class: "grid" }, body),
        h("div", { class: "actions" }, send, h("button", { type: "button", class: "ghost", id: "btn-step-cancel", onclick: close }, t("common.cancel"))),
      );
      const idle = () => {
        send.disabled = false;
        send.textContent = t("common.submit");
      };
      form.addEventListener("submit", async (ev) => {
        ev.preventDefault();
        if (send.disabled) return;
        send.disabled = true;
        send.textContent = t("common.working");
        clearFieldErrors(form);
        showBanner(banner, null);
        try {
          if ((await submit(form)) === false) return idle();
          close();
          done();
        } catch (e) {
          const err = e as ApiError;
          if (err.code === "already_done") {
            close();
            done();
            return;
          }
          showError(banner, err, (p) => (form.querySelector(`#${CSS.escape(plainId(prefix, p))}`) ? plainId(prefix, p) : null), { reload });
          idle();
        }
      });
      // Enter goes from field to field (Ctrl+Enter out of a multi-line text), then to 提交.
      enterMovesOn(form, () => send);
      slot.appendChild(form);
      form.querySelector<HTMLElement>("input:not([type=checkbox]), select, textarea")?.focus();
    },
  };
}
