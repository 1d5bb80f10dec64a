//! The office network under load: a host on 127.0.0.1 serving the filled
//! register, and simulated seats (20 by default, for 60 s) mixing what a
//! working office does — the register list, searches, opening a case,
//! registering one, and taking cases through the workflow steps — each
//! seat over its own HTTPS connection as the app's remote client makes it.
//! Prints p50/p95/p99 per operation and every error.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use desk_core::Desk;
use desk_host::remote::{Pin, Remote};
use desk_host::{Host, HostConfig};
use serde_json::{json, Value};

use crate::Lcg;

#[derive(Default)]
struct Tally {
    times: BTreeMap<&'static str, Vec<Duration>>,
    errors: BTreeMap<String, u32>,
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: T) -> T {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

const NAMES: &[&str] = &[
    "王芳", "李明", "张伟", "刘洋", "陈静", "杨勇", "黄磊", "赵敏",
];

/// One seat's working loop until `until`.
async fn seat(
    n: usize,
    remote: Remote,
    cases: i64,
    inspector: i64,
    until: Instant,
    think_ms: u64,
    tally: Arc<Mutex<Tally>>,
) {
    let mut rng = Lcg(1000 + n as u64);
    let mut mine: Vec<(i64, u8)> = Vec::new();
    let mut times: Vec<(&'static str, Duration)> = Vec::new();
    let mut errors: Vec<String> = Vec::new();
    let mut timed = |label: &'static str,
                     started: Instant,
                     r: Result<Value, desk_host::remote::RemoteError>| {
        times.push((label, started.elapsed()));
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                errors.push(format!(
                    "{label}: {} ({})",
                    e.code,
                    e.message.chars().take(80).collect::<String>()
                ));
                None
            }
        }
    };
    let t = Instant::now();
    let r = remote
        .call(
            "sign_in",
            json!({"username": "bench", "password": "bench-password"}),
            None,
        )
        .await;
    timed("sign in", t, r);
    let mut i = 0u64;
    while Instant::now() < until {
        if think_ms > 0 && i > 0 {
            // A person reads and types between actions: 0.5–1.5 × the pause.
            let pause = think_ms / 2 + rng.next(think_ms as usize + 1) as u64;
            tokio::time::sleep(Duration::from_millis(pause)).await;
        }
        i += 1;
        let roll = rng.next(100);
        // Every call carries a key, as the UI sends them (reads too).
        let key = Some(format!("seat{n}-{i}"));
        if roll < 30 {
            let page = 1 + rng.next(20) as u32;
            let t = Instant::now();
            let r = remote
                .call("list_cases", json!({"page": page}), key.clone())
                .await;
            timed("list (a page of the register)", t, r);
        } else if roll < 45 {
            let text = NAMES[rng.next(NAMES.len())];
            let t = Instant::now();
            let r = remote
                .call("list_cases", json!({"text": text}), key.clone())
                .await;
            timed("search a name", t, r);
        } else if roll < 55 {
            let number = format!("TS-2026-{:06}", 1 + rng.next(cases as usize));
            let t = Instant::now();
            let r = remote
                .call("list_cases", json!({"text": number}), key.clone())
                .await;
            timed("search a case number", t, r);
        } else if roll < 75 {
            let id = 1 + rng.next(cases as usize) as i64;
            let t = Instant::now();
            let r = remote
                .call("get_case", json!({"case_id": id}), key.clone())
                .await;
            timed("open a case", t, r);
        } else if roll < 85 || mine.is_empty() {
            let input = json!({
                "kind": "complaint", "channel": "visit", "anonymous": false,
                "complainants": [{"name": NAMES[rng.next(NAMES.len())], "phone": "13800138000"}],
                "accused": [{"name": "赵主任", "unit": "生产一厂办公室"}],
                "category": "wage_fee", "severity": "ordinary",
                "matter": format!("座席{n}登记的第{i}件"),
                "facts": "十月份绩效奖金被扣除八百元，车间未作说明。",
                "request": "查明原因并补发。"
            });
            let t = Instant::now();
            let r = remote.call("register_case", input, key).await;
            if let Some(v) = timed("register a case", t, r) {
                if let Some(id) = v["id"].as_i64() {
                    mine.push((id, 0));
                }
            }
        } else {
            // The next step of one of this seat's cases.
            let k = rng.next(mine.len());
            let (id, step) = mine[k];
            let (label, op, input): (&'static str, &str, Value) = match step {
                0 => ("step: accept", "accept_case", json!({"comment": "受理"})),
                1 => (
                    "step: review",
                    "review_case",
                    json!({"mode": "single", "inspector_ids": [inspector], "department": "企业管理部", "comment": "同意调查"}),
                ),
                2 => (
                    "step: start investigation",
                    "start_investigation",
                    json!({"comment": ""}),
                ),
                _ => (
                    "step: record an interview",
                    "record_interview",
                    json!({
                        "at": "2026-11-24 10:00", "place": "会议室", "interviewer": "测试员", "recorder": "测试员",
                        "interviewee": "孙同事", "role": "witness", "signed": true,
                        "questions_and_answers": [{"question": "是否知道扣款一事？", "answer": "知道，扣了八百元。"}]
                    }),
                ),
            };
            let t = Instant::now();
            let r = remote
                .call(op, json!({"case_id": id, "input": input}), key)
                .await;
            if timed(label, t, r).is_some() {
                mine[k].1 = (step + 1).min(3);
            } else {
                mine.swap_remove(k);
            }
        }
    }
    let mut tally = tally.lock().unwrap_or_else(|p| p.into_inner());
    for (label, d) in times {
        tally.times.entry(label).or_default().push(d);
    }
    for e in errors {
        *tally.errors.entry(e).or_default() += 1;
    }
}

pub fn run(
    desk: Desk,
    cases: usize,
    inspector: i64,
    args: &[String],
) -> Result<(), Box<dyn std::error::Error>> {
    let seats: usize = arg(args, "--seats", 20);
    let seconds: u64 = arg(args, "--seconds", 60);
    let seats = seats.clamp(1, 200);
    let seconds = seconds.clamp(1, 600);
    // 0: every seat acts again at once (a stress test); otherwise each
    // pauses about this long between actions, as a person would.
    let think_ms: u64 = arg(args, "--think-ms", 0u64).min(60_000);
    let dir = std::env::temp_dir().join(format!("desk-bench-host-{}", std::process::id()));
    let rt = tokio::runtime::Runtime::new()?;
    let desk = Arc::new(desk);
    let host = rt.block_on(Host::start(
        desk.clone(),
        HostConfig {
            listen: "127.0.0.1:0".parse()?,
            cert_dir: dir.clone(),
            names: vec!["127.0.0.1".into()],
        },
    ))?;
    println!(
        "network load: {seats} seats for {seconds} s against https://{} ({cases} cases), {}",
        host.addr,
        if think_ms == 0 {
            "no pause between actions (stress)".to_string()
        } else {
            format!("{think_ms} ms average pause between a seat's actions")
        }
    );
    let tally = Arc::new(Mutex::new(Tally::default()));
    let until = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for n in 0..seats {
        let remote = Remote::new(
            &host.addr.to_string(),
            Pin::Fingerprint(host.fingerprint.clone()),
            &format!("座席{n}"),
        )
        .map_err(|e| e.message)?;
        tasks.push(rt.spawn(seat(
            n,
            remote,
            cases as i64,
            inspector,
            until,
            think_ms,
            tally.clone(),
        )));
    }
    for t in tasks {
        rt.block_on(t)?;
    }
    let elapsed = started.elapsed();
    rt.block_on(host.stop());
    let _ = std::fs::remove_dir_all(&dir);
    let tally = tally.lock().unwrap_or_else(|p| p.into_inner());
    let total: usize = tally.times.values().map(Vec::len).sum();
    println!(
        "{:<34} {:>7} {:>8} {:>8} {:>8} {:>8}",
        "operation (ms)", "count", "p50", "p95", "p99", "max"
    );
    for (label, times) in &tally.times {
        let mut sorted = times.clone();
        sorted.sort();
        println!(
            "{label:<34} {:>7} {:>8} {:>8} {:>8} {:>8}",
            sorted.len(),
            ms(pct(&sorted, 0.50)),
            ms(pct(&sorted, 0.95)),
            ms(pct(&sorted, 0.99)),
            ms(*sorted.last().unwrap_or(&Duration::ZERO)),
        );
    }
    let errors: u32 = tally.errors.values().sum();
    println!(
        "{total} calls in {:.1} s ({:.0} calls/s); errors: {errors}",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    for (e, n) in &tally.errors {
        println!("  {n} × {e}");
    }
    Ok(())
}
