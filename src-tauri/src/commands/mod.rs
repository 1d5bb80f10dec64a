//! The Tauri commands: one per operation of the core's list (generated, all
//! `async`: the work runs on a blocking thread, never on the main thread, so
//! signing in, an import, a restore or the audit check never freeze the
//! window; or on the office's host when this window is a seat of it), plus
//! the shell's own commands in `platform.rs`.

pub mod platform;
pub mod printing;

use serde_json::Value;
use tauri::State;

use crate::shell::{Failure, Shell};

/// One async command per operation: `invoke(name, {input, key})`, `key`
/// being the idempotency key of the call (a retry sends the same one). The
/// input is checked by the core's dispatcher against the operation's type,
/// here or on the host, the same way.
macro_rules! tauri_commands {
    ($( $(#[doc = $doc:literal])* $name:ident ( $in:ty ) -> $out:ty [ $($access:tt)+ ] => $($handler:ident)::+ ; )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name(
                shell: State<'_, Shell>,
                input: Option<Value>,
                key: Option<String>,
            ) -> Result<Value, Failure> {
                shell
                    .call(stringify!($name), input.unwrap_or(Value::Null), key)
                    .await
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
                platform::connection_status,
                platform::use_local_register,
                platform::connect_to_host,
                platform::share_register,
                platform::share_status,
                platform::stop_sharing,
                printing::list_printers,
                printing::print_pdf,
            ]
        }
    };
}

desk_core::with_operations!(tauri_commands);
