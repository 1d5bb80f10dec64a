//! The host's HTTP side: the UI's files, one route for every operation,
//! the change feed; cookies, CSRF and the origin checked on every call; and
//! the TLS accept loop.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use desk_core::{Caller, Desk, DeskError, ErrorPayload, Lang};
use include_dir::{include_dir, Dir};
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::seats::{self, Seats};

static UI: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../ui/dist");

const SEAT_COOKIE: &str = "desk_seat";
/// How the core names a network seat: this prefix and the seat's cookie.
pub(crate) const SEAT_PREFIX: &str = "web-";
const CSRF_COOKIE: &str = "desk_csrf";
const CSRF_HEADER: &str = "x-csrf-token";
const SEAT_NAME_HEADER: &str = "x-desk-seat-name";
/// The largest request body (a 30 MB spreadsheet as base64, with room).
const MAX_BODY: usize = 48 * 1024 * 1024;

#[derive(Clone)]
struct App {
    desk: Arc<Desk>,
    seats: Arc<Seats>,
    stopped: watch::Receiver<bool>,
}

#[derive(Clone, Copy)]
struct Peer(SocketAddr);

pub(crate) fn router(desk: Arc<Desk>, seats: Arc<Seats>, stopped: watch::Receiver<bool>) -> Router {
    Router::new()
        .route("/api/op/{name}", post(operation))
        .route("/api/events", get(events))
        .route("/api/hello", get(hello))
        .fallback(get(ui_file))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .with_state(App {
            desk,
            seats,
            stopped,
        })
}

fn payload_response(status: StatusCode, p: ErrorPayload) -> Response<Body> {
    (status, Json(p)).into_response()
}

fn refused(
    status: StatusCode,
    code: &'static str,
    zh: &str,
    en: &str,
    lang: Lang,
) -> Response<Body> {
    payload_response(status, DeskError::refused(code, zh, en).to_payload(lang))
}

/// The HTTP status of a core error (the body always carries `{code, message}`).
fn status_of(code: &str) -> StatusCode {
    match code {
        "not_signed_in" | "session_locked" | "sign_in_failed" => StatusCode::UNAUTHORIZED,
        "forbidden" | "not_participant" | "recused" | "accounts_exist" => StatusCode::FORBIDDEN,
        "not_found" => StatusCode::NOT_FOUND,
        "stale" | "already_done" => StatusCode::CONFLICT,
        "validation" => StatusCode::UNPROCESSABLE_ENTITY,
        "sign_in_wait" => StatusCode::TOO_MANY_REQUESTS,
        "internal" | "db" | "io" => StatusCode::INTERNAL_SERVER_ERROR,
        "db_disk_full" => StatusCode::INSUFFICIENT_STORAGE,
        _ => StatusCode::BAD_REQUEST,
    }
}

/// Only the UI's own origin may call the API: a browser sends Origin (and
/// Sec-Fetch-Site) with every POST; a different one is refused.
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let origin_ok = match headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        None => true,
        Some(o) => o == format!("https://{host}"),
    };
    let site_ok = match headers.get("sec-fetch-site").and_then(|s| s.to_str().ok()) {
        None => true,
        Some(s) => s == "same-origin" || s == "none",
    };
    origin_ok && site_ok
}

#[derive(Deserialize)]
struct OpBody {
    #[serde(default)]
    input: serde_json::Value,
    #[serde(default)]
    key: Option<String>,
}

async fn operation(
    State(app): State<App>,
    Extension(peer): Extension<Peer>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response<Body> {
    let lang = Lang::default();
    if !same_origin(&headers) {
        return refused(
            StatusCode::FORBIDDEN,
            "wrong_origin",
            "只有本登记簿自己的页面可以调用它。",
            "Only the register's own page may call it.",
            lang,
        );
    }
    let cookies = headers
        .get(header::COOKIE)
        .and_then(|c| c.to_str().ok())
        .unwrap_or("");
    let (Some(seat), Some(csrf)) = (
        seats::cookie(cookies, SEAT_COOKIE),
        seats::cookie(cookies, CSRF_COOKIE),
    ) else {
        return refused(
            StatusCode::UNAUTHORIZED,
            "no_seat",
            "请先打开登记簿的页面（刷新本页）。",
            "Open the register's page first (reload this page).",
            lang,
        );
    };
    let sent = headers
        .get(CSRF_HEADER)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !seats::same(sent, &csrf) {
        return refused(
            StatusCode::FORBIDDEN,
            "csrf",
            "请求缺少本页面的校验码，已拒绝。请刷新页面后重试。",
            "The request lacks this page's check token and was refused. Reload the page and try again.",
            lang,
        );
    }
    if desk_core::api::ops::spec(&name).is_none() {
        return refused(
            StatusCode::NOT_FOUND,
            "not_found",
            "没有这项操作。",
            "There is no such operation.",
            lang,
        );
    }
    let parsed: OpBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => {
            return payload_response(
                StatusCode::BAD_REQUEST,
                DeskError::Validation(vec![desk_core::FieldError::new(
                    "input",
                    "bad_input",
                    format!("请求的数据格式不正确：{e}"),
                    format!("The request's data is not in the expected form: {e}"),
                )])
                .to_payload(lang),
            )
        }
    };
    let name_of_seat = seats::seat_name(
        headers
            .get(SEAT_NAME_HEADER)
            .and_then(|h| h.to_str().ok())
            .map(crate::remote::decode_header)
            .as_deref(),
    );
    let caller = Caller {
        seat: format!("{SEAT_PREFIX}{seat}"),
        address: peer.0.ip().to_string(),
        computer: name_of_seat.clone(),
        idempotency_key: parsed.key.filter(|k| !k.is_empty() && k.len() <= 100),
    };
    let desk = app.desk.clone();
    let seats = app.seats.clone();
    let op = name.clone();
    let result = tokio::task::spawn_blocking(move || {
        let out = desk.call_json(&caller, &op, parsed.input);
        // The seat's user for the host's list, looked up only when the
        // seat's session changed hands (not a read on every call).
        let user = desk.seat_user(&caller).map(|id| {
            let name = seats.user_name(&caller.seat, id).or_else(|| {
                desk.session_state(&caller, ())
                    .ok()
                    .and_then(|s| s.user.map(|u| u.display_name))
            });
            (id, name)
        });
        let out = out.map_err(|e| e.to_payload(desk.lang(&caller)));
        (out, user, caller)
    })
    .await;
    match result {
        Ok((out, user, caller)) => {
            app.seats
                .saw(&caller.seat, &caller.address, &name_of_seat, user);
            match out {
                Ok(v) => Json(v).into_response(),
                Err(p) => payload_response(status_of(p.code), p),
            }
        }
        Err(e) => payload_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            DeskError::Internal(e.to_string()).to_payload(lang),
        ),
    }
}

#[derive(Deserialize)]
struct Since {
    #[serde(default)]
    since: u64,
}

/// What changed, pushed as it happens (checked four times a second).
async fn events(State(app): State<App>, Query(q): Query<Since>) -> impl IntoResponse {
    let desk = app.desk.clone();
    let stopped = app.stopped.clone();
    let stream = futures_util::stream::unfold((q.since, true), move |(mut seen, first)| {
        let desk = desk.clone();
        let mut stopped = stopped.clone();
        async move {
            loop {
                if *stopped.borrow() {
                    return None;
                }
                let c = desk.changes_since(seen);
                if first || c.seq != seen {
                    seen = c.seq;
                    let data = serde_json::to_string(&c).unwrap_or_default();
                    let ev: Result<Event, Infallible> =
                        Ok(Event::default().event("changes").data(data));
                    return Some((ev, (seen, false)));
                }
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_millis(250)) => {}
                    _ = stopped.changed() => {}
                }
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// The UI's files; any other path is the app itself (index.html). Gives a
/// new seat its cookies.
async fn ui_file(headers: HeaderMap, req: Request<Body>) -> Response<Body> {
    if req.method() != Method::GET {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let path = req.uri().path().trim_start_matches('/');
    let file = UI.get_file(path).or_else(|| UI.get_file("index.html"));
    let Some(file) = file else {
        return (StatusCode::NOT_FOUND, "the UI was not built into this host").into_response();
    };
    let mime = match file.path().extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    };
    let mut res = Response::new(Body::from(file.contents()));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    give_seat(&headers, h);
    res
}

/// A new seat's cookies, unless it has them: the seat key (HttpOnly: no
/// script reads it) and the CSRF token the UI sends back as a header.
fn give_seat(headers: &HeaderMap, h: &mut HeaderMap) {
    let cookies = headers
        .get(header::COOKIE)
        .and_then(|c| c.to_str().ok())
        .unwrap_or("");
    if seats::cookie(cookies, SEAT_COOKIE).is_none()
        || seats::cookie(cookies, CSRF_COOKIE).is_none()
    {
        let seat = format!(
            "{SEAT_COOKIE}={}; Path=/; Secure; HttpOnly; SameSite=Strict",
            seats::token()
        );
        let csrf = format!(
            "{CSRF_COOKIE}={}; Path=/; Secure; SameSite=Strict",
            seats::token()
        );
        for c in [seat, csrf] {
            if let Ok(v) = HeaderValue::from_str(&c) {
                h.append(header::SET_COOKIE, v);
            }
        }
    }
}

/// A desktop seat's first call: its cookies, and the host's version.
async fn hello(headers: HeaderMap) -> Response<Body> {
    let mut res = Json(serde_json::json!({
        "app": "complaint-desk",
        "version": env!("CARGO_PKG_VERSION"),
    }))
    .into_response();
    give_seat(&headers, res.headers_mut());
    res
}

/// Accepts TLS connections until told to stop.
pub(crate) async fn serve(
    listener: TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
    app: Router,
    mut stopped: watch::Receiver<bool>,
) {
    use hyper_util::rt::{TokioExecutor, TokioIo};
    use hyper_util::service::TowerToHyperService;
    loop {
        let (tcp, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok(x) => x,
                Err(_) => continue,
            },
            _ = stopped.changed() => return,
        };
        let acceptor = acceptor.clone();
        let app = app.clone().layer(Extension(Peer(peer)));
        let mut stop = stopped.clone();
        tokio::spawn(async move {
            let Ok(Ok(tls)) =
                tokio::time::timeout(Duration::from_secs(10), acceptor.accept(tcp)).await
            else {
                return;
            };
            let service = TowerToHyperService::new(app);
            let conn = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                .serve_connection_with_upgrades(TokioIo::new(tls), service)
                .into_owned();
            tokio::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {}
            }
        });
    }
}
