// The office-network transport: a browser seat calls the host that served
// this page. The seat's key is an HttpOnly cookie the page never sees; the
// CSRF token is a readable cookie sent back as a header, so no other site's
// page can act for this seat. A call that did not get through is tried
// again with the same idempotency key (the host never does a write twice).
import { ApiError, type Feed, type Transport } from "./transport";

export function cookie(name: string, all: string = document.cookie): string {
  for (const part of all.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return "";
}

/** The seat's name on the host's list of seats (kept in this browser). */
export function seatName(): string {
  try {
    return localStorage.getItem("desk.seatName") ?? "";
  } catch {
    return "";
  }
}

const RETRIES = [250, 500, 1000];

function unreachable(): ApiError {
  return new ApiError({
    code: "save_unconfirmed",
    message:
      "与登记簿主机的连接中断了。若刚才是在保存，无法确认是否已保存；您填写的内容仍保留——连接恢复后再点一次，已保存过的不会重复保存。",
    fields: [],
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function httpsTransport(fetchImpl: typeof fetch = fetch.bind(globalThis)): Transport {
  return {
    async call(op: string, input: unknown, key: string): Promise<unknown> {
      const body = JSON.stringify({ input: input ?? null, key });
      for (let attempt = 0; ; attempt++) {
        let res: Response;
        try {
          res = await fetchImpl(`/api/op/${op}`, {
            method: "POST",
            credentials: "same-origin",
            headers: {
              "content-type": "application/json",
              "x-csrf-token": cookie("desk_csrf"),
              "x-desk-seat-name": encodeURIComponent(seatName()),
            },
            body,
          });
        } catch {
          if (attempt < RETRIES.length) {
            await sleep(RETRIES[attempt]);
            continue;
          }
          throw unreachable();
        }
        const answer: unknown = await res.json().catch(() => null);
        if (res.ok) return answer;
        if (answer && typeof answer === "object" && "code" in answer) throw answer;
        throw new ApiError({ code: "host_protocol", message: `主机的应答无法识别（HTTP ${res.status}）。`, fields: [] });
      }
    },
  };
}

/** The host's change feed (server-sent events), reopened after a drop from
 *  the last change seen, so nothing is missed. */
export function httpsFeed(): Feed {
  return {
    follow(onChanges, onConnection) {
      let seen = 0;
      let source: EventSource | null = null;
      let stopped = false;
      let online = true;
      const open = () => {
        if (stopped) return;
        source = new EventSource(`/api/events?since=${seen}`);
        source.addEventListener("changes", (ev) => {
          const c = JSON.parse((ev as MessageEvent).data);
          if (!online) {
            online = true;
            onConnection(true);
          }
          if (typeof c.seq === "number") {
            const first = seen === 0;
            seen = c.seq;
            if (!first || c.all || c.cases.length) onChanges(c);
          }
        });
        source.onerror = () => {
          source?.close();
          if (online) {
            online = false;
            onConnection(false, "与登记簿主机的连接中断，正在重新连接……");
          }
          setTimeout(open, 1000);
        };
      };
      open();
      return () => {
        stopped = true;
        source?.close();
      };
    },
  };
}
