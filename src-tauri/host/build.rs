//! The host embeds the built UI (ui/dist). A checkout where the UI was not
//! built yet still compiles: the folder is made with a page that says so.
fn main() {
    let dist = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/dist");
    if !dist.join("index.html").exists() {
        let _ = std::fs::create_dir_all(&dist);
        let _ = std::fs::write(
            dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>Complaint Desk</title><p>界面尚未构建：请运行 ./desk.sh run（或 cd ui && npm run build）后重新编译。The UI was not built: run ./desk.sh run (or cd ui && npm run build) and build again.</p>\n",
        );
    }
    println!("cargo:rerun-if-changed=../../ui/dist");
    println!("cargo:rerun-if-changed=../../ui/dist/index.html");
}
