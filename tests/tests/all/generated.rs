//! The one operation list and what is generated from it agree: the
//! TypeScript client and the capability file on disk are exactly what the
//! list generates now, the client has one function per operation, the
//! capability grants exactly the operations and the shell's own commands,
//! and no part of the UI calls the backend around the client.

use std::path::{Path, PathBuf};

use desk_core::api::ops::OPERATIONS;
use desk_core::api::platform::{CORE_PERMISSIONS, PLATFORM_COMMANDS, UPDATER_COMMANDS};
use desk_core::api::typescript;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn the_typescript_client_on_disk_is_what_the_operation_list_generates() {
    assert!(
        read("ui/src/api/generated.ts") == typescript::client(),
        "ui/src/api/generated.ts is stale: run `cargo run -p desk-host --bin desk -- gen`"
    );
}

#[test]
fn the_capability_file_on_disk_is_what_the_operation_list_generates() {
    assert!(
        read("src-tauri/capabilities/default.json") == typescript::capability_file(),
        "src-tauri/capabilities/default.json is stale: run `cargo run -p desk-host --bin desk -- gen`"
    );
}

#[test]
fn the_client_has_one_function_per_operation_and_the_capability_grants_exactly_them() {
    let ts = typescript::client();
    let called: Vec<&str> = ts
        .match_indices("call(\"")
        .map(|(i, _)| {
            let rest = &ts[i + 6..];
            &rest[..rest.find('"').unwrap_or(0)]
        })
        .collect();
    let ops: Vec<&str> = OPERATIONS.iter().map(|o| o.name).collect();
    assert_eq!(called, ops);
    let cap: serde_json::Value =
        serde_json::from_str(&typescript::capability_file()).expect("capability JSON");
    let granted: Vec<String> = cap["permissions"]
        .as_array()
        .expect("permissions")
        .iter()
        .filter_map(|p| p.as_str().map(str::to_string))
        .collect();
    let want: Vec<String> = ops
        .iter()
        .chain(PLATFORM_COMMANDS.iter())
        .map(|n| format!("allow-{}", n.replace('_', "-")))
        .chain(
            UPDATER_COMMANDS
                .iter()
                .map(|n| format!("desk-update:allow-{}", n.replace('_', "-"))),
        )
        .chain(CORE_PERMISSIONS.iter().map(|p| p.to_string()))
        .collect();
    assert_eq!(granted, want);
    let mut sorted = ops.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ops.len(), "an operation is declared twice");
}

/// Every TypeScript file of the UI outside the transport and the generated
/// client, recursively.
fn ui_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("ui/src").flatten() {
        let p = e.path();
        if p.is_dir() {
            ui_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "ts") {
            out.push(p);
        }
    }
}

#[test]
fn no_part_of_the_ui_calls_the_backend_around_the_generated_client() {
    let mut files = Vec::new();
    ui_files(&root().join("ui/src"), &mut files);
    assert!(files.len() > 10, "{} UI files", files.len());
    for f in files {
        let rel = f.strip_prefix(root()).unwrap_or(&f).display().to_string();
        if rel.contains("/api/") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for banned in ["@tauri-apps/api", "invoke(", "__TAURI"] {
            assert!(
                !text.contains(banned),
                "{rel} uses {banned}: call the backend through ui/src/api only"
            );
        }
    }
}
