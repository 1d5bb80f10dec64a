//! The app's own commands, from the core's one operation list (read here as
//! source, so the list is written once): Tauri generates one permission per
//! command, and the capability file grants exactly these.

include!("core/src/api/ops_list.rs");
include!("core/src/api/platform.rs");

macro_rules! command_names {
    ($( $(#[doc = $doc:literal])* $name:ident ( $in:ty ) -> $out:ty [ $($access:tt)+ ] => $($handler:ident)::+ ; )*) => {
        const OPERATIONS: &[&str] = &[$(stringify!($name)),*];
    };
}

with_operations!(command_names);

fn main() {
    println!("cargo:rerun-if-changed=core/src/api/ops_list.rs");
    println!("cargo:rerun-if-changed=core/src/api/platform.rs");
    let commands: Vec<&'static str> = OPERATIONS
        .iter()
        .chain(PLATFORM_COMMANDS.iter())
        .copied()
        .collect();
    let manifest = tauri_build::AppManifest::new().commands(Box::leak(commands.into_boxed_slice()));
    // The updater's commands (src/updater.rs), as the app's own plugin `desk-update`.
    let update = tauri_build::InlinedPlugin::new().commands(UPDATER_COMMANDS);
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(manifest)
            .plugin("desk-update", update),
    )
    .expect("tauri build configuration");
}
