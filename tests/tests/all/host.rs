//! The office network: a host serves the register over HTTPS and several
//! seats work on it at once — each signed in on its own, refused what its
//! role may not do, told when its view of a case is stale, never doing a
//! retried write twice, and hearing of other seats' changes at once. Real
//! TLS on 127.0.0.1, real register file; the host is killed with SIGKILL
//! under load and nothing a seat was told is saved goes missing.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use desk_core::api::types::*;
use desk_core::{Desk, FixedClock};
use desk_host::remote::{Pin, Remote, RemoteError};
use desk_host::{Host, HostConfig};
use desk_tests::*;
use serde_json::{json, Value};

/// An office whose register is served by a host: the clerk 李前台 (u1),
/// the inspectors 张督查 (u2) and 王审核 (u3, reviewer and leader too).
struct Office {
    rt: tokio::runtime::Runtime,
    host: Option<Host>,
    fx: Fixture,
}

static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

fn office() -> Office {
    let mut fx = fresh_register("enterprise");
    fx.user("李前台", &[Role::Clerk]);
    fx.staff("张督查");
    fx.staff("王审核");
    fx.close();
    let desk = Desk::open(&fx.path(), fx.clock.clone()).expect("the host opens the register");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let host = rt
        .block_on(Host::start(
            Arc::new(desk),
            HostConfig {
                listen: "127.0.0.1:0".parse().unwrap(),
                cert_dir: fx.dir.path().join("host"),
                names: vec!["127.0.0.1".into()],
            },
        ))
        .expect("the host starts");
    Office {
        rt,
        host: Some(host),
        fx,
    }
}

impl Office {
    fn host(&self) -> &Host {
        self.host.as_ref().unwrap()
    }

    fn address(&self) -> String {
        self.host().addr.to_string()
    }

    /// A seat that paired with the host's code.
    fn seat(&self, seat_name: &str) -> Remote {
        Remote::new(
            &self.address(),
            Pin::PairingCode(self.host().pairing_code.clone()),
            seat_name,
        )
        .unwrap()
    }

    /// A seat where `username` signed in.
    fn signed_in(&self, seat_name: &str, username: &str) -> Remote {
        let s = self.seat(seat_name);
        self.call(
            &s,
            "sign_in",
            json!({"username": username, "password": PASSWORD}),
        )
        .expect("signs in over the network");
        s
    }

    /// A call as the UI makes it: every call carries a fresh key, so one
    /// that meets a connection the host closed (a restart) is sent again.
    fn call(&self, seat: &Remote, op: &str, input: Value) -> Result<Value, RemoteError> {
        let key = format!(
            "t-{}",
            CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        self.rt.block_on(seat.call(op, input, Some(key)))
    }

    fn call_keyed(
        &self,
        seat: &Remote,
        op: &str,
        input: Value,
        key: &str,
    ) -> Result<Value, RemoteError> {
        self.rt.block_on(seat.call(op, input, Some(key.into())))
    }
}

fn complaint() -> Value {
    serde_json::to_value(named_complaint()).unwrap()
}

fn total(o: &Office, seat: &Remote) -> u64 {
    o.call(seat, "list_cases", json!({})).unwrap()["total"]
        .as_u64()
        .unwrap()
}

#[test]
fn a_seat_trusts_the_host_only_by_its_pairing_code_and_then_pins_its_fingerprint() {
    let o = office();
    let wrong = Remote::new(
        &o.address(),
        Pin::PairingCode("0000-0000-0000-0000".into()),
        "前台",
    )
    .unwrap();
    let e = o.call(&wrong, "app_info", json!(null)).unwrap_err();
    assert_eq!(e.code, "host_certificate", "{e}");
    assert!(e.message.contains("配对码"), "{e}");

    let first = o.seat("前台");
    o.call(&first, "app_info", json!(null))
        .expect("the right code connects");
    let fp = first.fingerprint().expect("the fingerprint is learned");
    assert_eq!(fp, o.host().fingerprint);

    let pinned = Remote::new(&o.address(), Pin::Fingerprint(fp), "前台").unwrap();
    let info = o
        .call(&pinned, "app_info", json!(null))
        .expect("the pinned fingerprint connects");
    assert_eq!(info["set_up"], json!(true));
}

#[test]
fn each_seat_signs_in_on_its_own_and_is_refused_what_its_role_may_not_do() {
    let o = office();
    let clerk = o.signed_in("前台1号机", "u1");
    let other = o.seat("督查室");
    let state = o.call(&other, "session_state", json!(null)).unwrap();
    assert_eq!(
        state["user"],
        Value::Null,
        "another seat is not signed in by the clerk's sign-in"
    );
    let e = o.call(&other, "list_cases", json!({})).unwrap_err();
    assert_eq!((e.status, e.code.as_str()), (401, "not_signed_in"), "{e}");

    let e = o
        .call(
            &clerk,
            "create_user",
            json!({"username": "x", "display_name": "某人", "password": PASSWORD, "roles": ["clerk"]}),
        )
        .unwrap_err();
    assert_eq!((e.status, e.code.as_str()), (403, "forbidden"), "{e}");
    assert!(
        e.message.contains("权限") || e.message.contains("无权"),
        "{e}"
    );

    o.call(&clerk, "lock_session", json!(null)).unwrap();
    let e = o.call(&clerk, "list_cases", json!({})).unwrap_err();
    assert_eq!(e.status, 401, "a locked seat reads nothing: {e}");
}

impl Office {
    /// Stops the host and starts it again on the same port with the
    /// register opened afresh, as after a restart of the host computer.
    fn restart(&mut self) {
        let port = self.host().addr.port();
        let host = self.host.take().unwrap();
        self.rt.block_on(host.stop());
        let desk = Desk::open(&self.fx.path(), self.fx.clock.clone()).expect("opens again");
        let host = self
            .rt
            .block_on(Host::start(
                Arc::new(desk),
                HostConfig {
                    listen: format!("127.0.0.1:{port}").parse().unwrap(),
                    cert_dir: self.fx.dir.path().join("host"),
                    names: vec!["127.0.0.1".into()],
                },
            ))
            .expect("the host starts again");
        self.host = Some(host);
    }
}

#[test]
fn seats_stay_signed_in_and_locked_as_they_were_when_the_host_restarts() {
    let mut o = office();
    let clerk = o.signed_in("前台1号机", "u1");
    let inspector = o.signed_in("督查室", "u2");
    let gone = o.signed_in("会议室", "u3");
    o.call(&inspector, "lock_session", json!(null)).unwrap();
    o.call(&gone, "sign_out", json!(null)).unwrap();

    o.restart();

    let state = o.call(&clerk, "session_state", json!(null)).unwrap();
    assert_eq!(state["user"]["display_name"], "李前台");
    assert_eq!(state["locked"], false);
    assert!(o.call(&clerk, "list_cases", json!({})).is_ok());
    let e = o.call(&inspector, "list_cases", json!({})).unwrap_err();
    assert_eq!(e.status, 401, "the locked seat stays locked: {e}");
    let e = o.call(&gone, "list_cases", json!({})).unwrap_err();
    assert_eq!(
        e.code, "not_signed_in",
        "the signed-out seat stays out: {e}"
    );

    // The kept sessions: the owner's alone, each seat known by a hash of
    // its cookie, never the cookie itself.
    let file = std::path::PathBuf::from(format!("{}.sessions", o.fx.path().display()));
    let kept: serde_json::Map<String, Value> =
        serde_json::from_slice(&std::fs::read(&file).expect("sessions kept beside the register"))
            .unwrap();
    assert_eq!(
        kept.len(),
        2,
        "the clerk and the locked inspector: {kept:?}"
    );
    for (seat, session) in &kept {
        assert!(
            seat.len() == 64 && seat.chars().all(|c| c.is_ascii_hexdigit()),
            "a seat is kept by its hash only: {seat}"
        );
        assert!(!session.to_string().contains("web-"), "{session}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

/// The seat's cookies from the host, as a browser gets them.
fn cookies(o: &Office, seat: &Remote) -> (String, String) {
    let res =
        o.rt.block_on(seat.http().get(format!("{}/api/hello", seat.base())).send())
            .unwrap();
    let mut seat_key = String::new();
    let mut csrf = String::new();
    for v in res.headers().get_all("set-cookie") {
        let v = v.to_str().unwrap();
        assert!(v.contains("Secure") && v.contains("SameSite=Strict"), "{v}");
        let (k, val) = v.split(';').next().unwrap().split_once('=').unwrap();
        match k {
            "desk_seat" => {
                assert!(
                    v.contains("HttpOnly"),
                    "no script may read the seat key: {v}"
                );
                seat_key = val.into()
            }
            "desk_csrf" => csrf = val.into(),
            _ => {}
        }
    }
    (seat_key, csrf)
}

fn raw_post(o: &Office, seat: &Remote, headers: &[(&str, String)]) -> (u16, Value) {
    let mut req = seat
        .http()
        .post(format!("{}/api/op/list_cases", seat.base()))
        .body(r#"{"input":{}}"#)
        .header("content-type", "application/json");
    for (k, v) in headers {
        req = req.header(*k, v);
    }
    let res = o.rt.block_on(req.send()).unwrap();
    let status = res.status().as_u16();
    (status, o.rt.block_on(res.json()).unwrap())
}

#[test]
fn a_call_without_its_seat_token_or_from_another_site_is_refused() {
    let o = office();
    let s = o.seat("浏览器");
    let (seat_key, csrf) = cookies(&o, &s);
    let cookie = format!("desk_seat={seat_key}; desk_csrf={csrf}");

    let (status, body) = raw_post(&o, &s, &[]);
    assert_eq!((status, body["code"].as_str()), (401, Some("no_seat")));

    let (status, body) = raw_post(&o, &s, &[("cookie", cookie.clone())]);
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("csrf")),
        "the cookie alone is not enough"
    );
    assert!(body["message"].as_str().unwrap().contains("刷新"));

    let (status, body) = raw_post(
        &o,
        &s,
        &[("cookie", cookie.clone()), ("x-csrf-token", "0".repeat(64))],
    );
    assert_eq!(
        (status, body["code"].as_str()),
        (403, Some("csrf")),
        "a wrong token"
    );

    let (status, body) = raw_post(
        &o,
        &s,
        &[
            ("cookie", cookie.clone()),
            ("x-csrf-token", csrf.clone()),
            ("origin", "https://evil.example".into()),
        ],
    );
    assert_eq!((status, body["code"].as_str()), (403, Some("wrong_origin")));

    let (status, body) = raw_post(
        &o,
        &s,
        &[
            ("cookie", cookie.clone()),
            ("x-csrf-token", csrf.clone()),
            ("sec-fetch-site", "cross-site".into()),
        ],
    );
    assert_eq!((status, body["code"].as_str()), (403, Some("wrong_origin")));

    let (status, body) = raw_post(
        &o,
        &s,
        &[
            ("cookie", cookie),
            ("x-csrf-token", csrf),
            ("origin", format!("https://{}", o.address())),
        ],
    );
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("not_signed_in")),
        "the page's own origin with its token reaches the register (and is asked to sign in)"
    );
}

#[test]
fn an_action_on_a_stale_view_of_a_case_is_refused_and_says_who_changed_it() {
    let o = office();
    let clerk = o.signed_in("前台1号机", "u1");
    let zhang = o.signed_in("督查室", "u2");
    let wang = o.signed_in("审核室", "u3");
    let case = o.call(&clerk, "register_case", complaint()).unwrap();
    let id = case["id"].as_i64().unwrap();

    // Both open the case and see the same version.
    let seen_by_zhang = o.call(&zhang, "get_case", json!({"case_id": id})).unwrap();
    let seen_by_wang = o.call(&wang, "get_case", json!({"case_id": id})).unwrap();
    let v = seen_by_zhang["version"].as_i64().unwrap();
    assert_eq!(seen_by_wang["version"].as_i64(), Some(v));

    let after = o
        .call(
            &wang,
            "accept_case",
            json!({"case_id": id, "version": v, "input": {"comment": "受理"}}),
        )
        .expect("the first action on the version seen goes through");
    assert!(after["version"].as_i64().unwrap() > v);

    let e = o
        .call(
            &zhang,
            "escalate_case",
            json!({"case_id": id, "version": v, "input": {"comment": "情节较重，报上级"}}),
        )
        .unwrap_err();
    assert_eq!((e.status, e.code.as_str()), (409, "stale"), "{e}");
    assert!(e.message.contains("王审核"), "names who changed it: {e}");
    assert!(e.message.contains("刷新"), "tells to reload: {e}");

    let now = o.call(&zhang, "get_case", json!({"case_id": id})).unwrap();
    assert_eq!(
        now["state"], after["state"],
        "the stale action overwrote nothing"
    );
}

#[test]
fn a_retried_write_is_done_once() {
    let o = office();
    let clerk = o.signed_in("前台1号机", "u1");
    let first = o
        .call_keyed(&clerk, "register_case", complaint(), "k-2026-12-01-0001")
        .unwrap();
    // The reply was lost; the seat sends the same write again.
    let again = o
        .call_keyed(&clerk, "register_case", complaint(), "k-2026-12-01-0001")
        .expect("the retry is answered with the first call's result");
    assert_eq!(
        again["number"], first["number"],
        "the same case, told again"
    );
    assert_eq!(total(&o, &clerk), 1, "one case, not two");
    o.call_keyed(&clerk, "register_case", complaint(), "k-2026-12-01-0002")
        .expect("a new key is a new write");
    assert_eq!(total(&o, &clerk), 2);
    assert!(first["number"].as_str().unwrap().starts_with("TS-"));
}

#[test]
fn other_seats_hear_of_a_new_case_at_once_the_audit_trail_names_the_seat_and_the_host_lists_who_sits_there(
) {
    let o = office();
    let clerk = o.signed_in("前台1号机", "u1");
    let inspector = Arc::new(o.signed_in("督查室", "u2"));
    let (tx, rx) = std::sync::mpsc::channel::<Value>();
    let listener = inspector.clone();
    o.rt.spawn(async move {
        let _ = listener
            .follow_changes(0, move |v| tx.send(v).is_ok())
            .await;
    });
    let first = rx
        .recv_timeout(Duration::from_secs(5))
        .expect("the feed opens");
    let since = first["seq"].as_u64().unwrap();

    let sent = Instant::now();
    let case = o.call(&clerk, "register_case", complaint()).unwrap();
    let id = case["id"].as_i64().unwrap();
    let heard = loop {
        let ev = rx
            .recv_timeout(Duration::from_secs(5))
            .expect("the inspector's seat hears of the change");
        if ev["seq"].as_u64().unwrap() > since
            && (ev["all"] == json!(true) || ev["cases"].as_array().unwrap().contains(&json!(id)))
        {
            break sent.elapsed();
        }
    };
    assert!(heard < Duration::from_secs(2), "heard after {heard:?}");
    let list = o.call(&inspector, "list_cases", json!({})).unwrap();
    assert_eq!(list["items"][0]["id"].as_i64(), Some(id));

    let seats = o.host().seats();
    let front = seats.iter().find(|s| s.name == "前台1号机");
    assert_eq!(
        front.and_then(|s| s.user.as_deref()),
        Some("李前台"),
        "the host lists the front desk with the clerk signed in there: {seats:?}"
    );

    let conn = inspect(&o.fx);
    let (actor, seat): (String, String) = conn
        .query_row(
            "SELECT actor, seat FROM history WHERE action = 'case_registered' AND case_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(actor, "李前台");
    assert!(
        seat.contains("127.0.0.1") && seat.contains("前台1号机"),
        "{seat}"
    );
}

/// Seats writing cases through a host process that is killed with SIGKILL
/// mid-load and started again: every case a seat was told is saved is
/// there, the file is sound, the audit chain holds, and the seats carry on.
/// A host process, killed when the test ends however it ends (a failed
/// assertion must not leave it running).
struct HostProcess(std::process::Child);

impl Drop for HostProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_host_killed_mid_load_loses_nothing_a_seat_was_told_is_saved_and_its_seats_stay_signed_in() {
    let mut fx = fresh_register("enterprise");
    fx.user("李前台", &[Role::Clerk]);
    fx.close();
    let path = fx.path();
    let start = |port: u16| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_host"))
            .arg(&path)
            .arg(port.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the host");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let (addr, code) = line
            .trim()
            .split_once(' ')
            .expect("address and pairing code");
        (HostProcess(child), addr.to_string(), code.to_string())
    };
    let (mut host, addr, code) = start(0);
    let port: u16 = addr.rsplit_once(':').unwrap().1.parse().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let saved = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut seats = Vec::new();
    for n in 0..4 {
        let seat = Remote::new(&addr, Pin::PairingCode(code.clone()), &format!("前台{n}")).unwrap();
        let saved = saved.clone();
        let stop = stop.clone();
        seats.push(rt.spawn(async move {
            let sign_in = json!({"username": "u1", "password": PASSWORD});
            let mut signed_in = false;
            let mut sign_ins = 0u32;
            let mut errors = 0u32;
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                if !signed_in {
                    signed_in = seat.call("sign_in", sign_in.clone(), None).await.is_ok();
                    sign_ins += u32::from(signed_in);
                    if !signed_in {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                }
                i += 1;
                let key = format!("seat{n}-{i}");
                let mut input = named_complaint();
                input.matter = format!("座席{n}第{i}件");
                let input = serde_json::to_value(input).unwrap();
                match seat.call("register_case", input, Some(key)).await {
                    Ok(v) => saved
                        .lock()
                        .unwrap()
                        .push(v["number"].as_str().unwrap().to_string()),
                    Err(e) if e.code == "not_signed_in" => signed_in = false,
                    Err(_) => errors += 1,
                }
            }
            (errors, sign_ins)
        }));
    }
    // Until the seats are in full flow (however slow this machine is now).
    let until = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while saved.lock().unwrap().len() < n && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    until(20);
    host.0.kill().expect("kill -9 the host");
    host.0.wait().unwrap();
    let at_kill = saved.lock().unwrap().len();
    assert!(at_kill > 10, "the seats wrote before the kill: {at_kill}");
    std::thread::sleep(Duration::from_millis(300));
    let (host, _, code_again) = start(port);
    assert_eq!(code_again, code, "the same certificate after a restart");
    until(at_kill + 20);
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for s in seats {
        let (_, sign_ins) = rt.block_on(s).unwrap();
        // The host kept the seat's session: no one signs in again.
        assert_eq!(sign_ins, 1, "a seat had to sign in again after the restart");
    }
    let after = saved.lock().unwrap().clone();
    assert!(
        after.len() > at_kill,
        "the seats recovered and wrote again: {} > {at_kill}",
        after.len()
    );
    drop(host);

    assert_eq!(integrity_check(&path), "ok");
    let desk = Desk::open(&path, Arc::new(FixedClock::parse(NOW))).unwrap();
    let admin = admin_signed_in(&desk);
    let stored: std::collections::HashSet<String> = desk
        .list_cases(
            &admin,
            ListQuery {
                page_size: 500,
                ..Default::default()
            },
        )
        .unwrap()
        .items
        .into_iter()
        .map(|c| c.number)
        .collect();
    let lost: Vec<&String> = after.iter().filter(|n| !stored.contains(*n)).collect();
    assert!(lost.is_empty(), "told saved but lost: {lost:?}");
    assert!(desk.verify_audit(&admin, None).unwrap().intact);
}

/// A small file system of its own (tmpfs), unmounted when dropped: the
/// register's disk, to fill up. Mounting needs root, as CI runs.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(megabytes: u32) -> SmallDisk {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={megabytes}m,mode=0700")])
            .arg("tmpfs")
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        assert!(
            ok,
            "this test fills a small tmpfs mounted for the register; mounting needs root (CI runs as root)"
        );
        SmallDisk { dir }
    }

    /// Fills the disk to the last byte with a file that `free` removes.
    fn fill(&self) {
        use std::io::Write;
        let mut f = std::fs::File::create(self.dir.path().join("filler")).unwrap();
        let block = vec![0u8; 64 * 1024];
        while f.write_all(&block).is_ok() {}
        for n in [4096, 512, 1] {
            while f.write_all(&block[..n]).is_ok() {}
        }
    }

    fn free(&self) {
        std::fs::remove_file(self.dir.path().join("filler")).unwrap();
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

#[test]
fn a_full_disk_on_the_host_refuses_the_save_clearly_writes_nothing_and_the_next_save_works() {
    let mut fx = fresh_register("enterprise");
    fx.user("李前台", &[Role::Clerk]);
    fx.close();
    let disk = SmallDisk::mount(16);
    let path = disk.dir.path().join("register.sqlite3");
    std::fs::copy(fx.path(), &path).unwrap();
    let desk = Arc::new(Desk::open(&path, fx.clock.clone()).unwrap());
    let rt = tokio::runtime::Runtime::new().unwrap();
    let host = rt
        .block_on(Host::start(
            desk.clone(),
            HostConfig {
                listen: "127.0.0.1:0".parse().unwrap(),
                cert_dir: fx.dir.path().join("host"),
                names: vec!["127.0.0.1".into()],
            },
        ))
        .unwrap();
    let seat = Remote::new(
        &host.addr.to_string(),
        Pin::PairingCode(host.pairing_code.clone()),
        "前台1号机",
    )
    .unwrap();
    let call = |op: &str, input: Value, key: Option<&str>| {
        rt.block_on(seat.call(op, input, key.map(String::from)))
    };
    call(
        "sign_in",
        json!({"username": "u1", "password": PASSWORD}),
        None,
    )
    .unwrap();
    let long = |n: usize| {
        let mut c = named_complaint();
        c.matter = format!("第{n}件");
        c.facts = "加班费未发放。".repeat(2500);
        serde_json::to_value(c).unwrap()
    };
    call("register_case", long(0), Some("k0")).expect("a save before the disk fills");

    disk.fill();
    let mut saved = 1;
    let refusal = loop {
        // The WAL may still hold room for a few pages: save until it has none.
        match call("register_case", long(saved), Some(&format!("k{saved}"))) {
            Ok(_) => saved += 1,
            Err(e) => break e,
        }
        assert!(saved < 50, "the full disk never refused a save");
    };
    assert_eq!(
        (refusal.status, refusal.code.as_str()),
        (507, "db_disk_full"),
        "{refusal}"
    );
    assert!(refusal.message.contains("磁盘已满"), "{refusal}");
    assert!(refusal.message.contains("什么也没写入"), "{refusal}");
    let total = |seat: &Remote| {
        rt.block_on(seat.call("list_cases", json!({}), None))
            .unwrap()["total"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(total(&seat), saved as u64, "the refused save left no case");

    disk.free();
    let again = call("register_case", long(saved), Some(&format!("k{saved}")))
        .expect("the same save, sent again once there is room");
    assert!(again["number"].as_str().is_some());
    assert_eq!(total(&seat), saved as u64 + 1);
    rt.block_on(host.stop());

    assert_eq!(integrity_check(&path), "ok");
    let admin = admin_signed_in(&desk);
    assert!(desk.verify_audit(&admin, None).unwrap().intact);
}

/// SQLite's own check of the register file, as another program opens it.
fn integrity_check(path: &std::path::Path) -> String {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// The administrator signed in at a seat of `desk`.
fn admin_signed_in(desk: &Desk) -> desk_core::Caller {
    let admin = desk_tests::seat("管理员");
    desk.sign_in(
        &admin,
        SignIn {
            username: "admin".into(),
            password: PASSWORD.into(),
        },
    )
    .unwrap();
    admin
}
