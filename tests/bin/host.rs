//! A host process for the tests: serves the register at the given path on
//! 127.0.0.1 (an ephemeral port unless a second argument gives one) and
//! prints its address and pairing code. The kill -9 test runs it, loads it
//! from several seats and kills it mid-write.

use std::sync::Arc;

use desk_core::{Desk, SystemClock};
use desk_host::{Host, HostConfig};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = std::path::PathBuf::from(args.next().expect("usage: host REGISTER [PORT]"));
    let port: u16 = args.next().and_then(|p| p.parse().ok()).unwrap_or(0);
    let desk = match Desk::open(&path, Arc::new(SystemClock)) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("open: {e}");
            std::process::exit(2);
        }
    };
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    rt.block_on(async move {
        let host = Host::start(
            Arc::new(desk),
            HostConfig {
                listen: ([127, 0, 0, 1], port).into(),
                cert_dir: desk_host::cert_dir_for(&path),
                names: vec!["127.0.0.1".into()],
            },
        )
        .await
        .unwrap_or_else(|e| {
            eprintln!("host: {e}");
            std::process::exit(2);
        });
        println!("{} {}", host.addr, host.pairing_code);
        use std::io::Write;
        let _ = std::io::stdout().flush();
        host.wait().await;
    });
}
