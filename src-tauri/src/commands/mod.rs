//! The Tauri commands: one per operation of the core's list (generated, all
//! `async`: the work runs on a blocking thread, never on the main thread, so
//! signing in, an import, a restore or the audit check never freeze the
//! window), plus the shell's own commands in `platform.rs`.

pub mod platform;

use desk_core::api::types;
use desk_core::ErrorPayload;
use tauri::State;

use crate::shell::Shell;

/// One async command per operation: `invoke(name, {input, key})`, `key`
/// being the idempotency key of the call (a retry sends the same one).
macro_rules! tauri_commands {
    ($( $(#[doc = $doc:literal])* $name:ident ( $in:ty ) -> $out:ty [ $($access:tt)+ ] => $($handler:ident)::+ ; )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name(
                shell: State<'_, Shell>,
                input: $in,
                key: Option<String>,
            ) -> Result<$out, ErrorPayload> {
                shell.run(key, move |desk, caller| desk.$name(caller, input)).await
            }
        )*

        /// The invoke handler with every operation and the shell's own commands.
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![
                $( $name, )*
                platform::register_status,
                platform::open_register,
                platform::save_file,
                platform::pick_file,
                platform::open_preview,
            ]
        }
    };
}

desk_core::with_operations!(tauri_commands);
