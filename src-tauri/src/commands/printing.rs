//! Printing a document on this computer's printers. Linux and macOS print
//! through CUPS (`lpstat` lists the printers and the system's default, `lp`
//! sends the job); Windows through PowerShell (`Get-Printer`, and the PDF
//! viewer's "PrintTo" verb) — written, but not tried on Windows here. The
//! PDF goes to a private temporary file that is removed once the job is
//! handed over. Which printer a seat uses is remembered by the UI.

use std::process::Command;

use desk_core::{Bytes, DeskError, ErrorPayload, Lang};
use serde::Serialize;

/// The most copies one job may ask for.
pub const MAX_COPIES: u32 = 20;
/// The largest document sent to a printer.
const MAX_PRINT_BYTES: usize = 30 * 1024 * 1024;

#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Printers {
    /// The printers this computer can print to.
    pub printers: Vec<String>,
    /// The system's default printer, if one is set.
    pub default: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Printed {
    pub printer: String,
    pub copies: u32,
    /// The print system's name for the job (e.g. "VirtualPDF-3").
    pub job: String,
}

fn lang_of(lang: &Option<String>) -> Lang {
    lang.as_deref()
        .and_then(Lang::from_code)
        .unwrap_or_default()
}

fn refused(lang: Lang, code: &'static str, zh: String, en: String) -> ErrorPayload {
    DeskError::refused(code, zh, en).to_payload(lang)
}

/// The printers `lpstat -e` names, one per line.
pub fn parse_printer_list(out: &str) -> Vec<String> {
    out.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(200)
        .map(String::from)
        .collect()
}

/// The default printer from `lpstat -d` ("system default destination: X").
pub fn parse_default(out: &str) -> Option<String> {
    out.lines()
        .find_map(|l| l.trim().split_once("default destination:"))
        .map(|(_, name)| name.trim().to_string())
        .filter(|n| !n.is_empty())
}

/// The job id from `lp`'s answer ("request id is VirtualPDF-3 (1 file(s))").
pub fn parse_job(out: &str) -> String {
    out.split_whitespace()
        .skip_while(|w| *w != "is")
        .nth(1)
        .unwrap_or("")
        .to_string()
}

/// A printer name as CUPS allows it (and never an option: no leading '-').
pub fn valid_printer_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 127
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| !c.is_control() && !c.is_whitespace() && !"/#\\'\"".contains(c))
}

/// The arguments of `lp` for one job.
pub fn lp_args(printer: &str, copies: u32, title: &str, file: &std::path::Path) -> Vec<String> {
    let title: String = title
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    vec![
        "-d".into(),
        printer.into(),
        "-n".into(),
        copies.to_string(),
        "-t".into(),
        title,
        "--".into(),
        file.display().to_string(),
    ]
}

fn run(program: &str, args: &[String]) -> std::io::Result<(bool, String, String)> {
    let out = Command::new(program).args(args).output()?;
    Ok((
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

#[cfg(not(windows))]
fn system_printers() -> std::io::Result<Printers> {
    let (_, list, _) = run("lpstat", &["-e".into()])?;
    let (_, default, _) = run("lpstat", &["-d".into()])?;
    let printers = parse_printer_list(&list);
    let default = parse_default(&default).filter(|d| printers.contains(d));
    Ok(Printers { printers, default })
}

#[cfg(windows)]
fn system_printers() -> std::io::Result<Printers> {
    let ps = |script: &str| {
        run(
            "powershell",
            &["-NoProfile".into(), "-Command".into(), script.into()],
        )
    };
    let (_, list, _) = ps("Get-Printer | ForEach-Object { $_.Name }")?;
    let (_, default, _) = ps("(Get-CimInstance Win32_Printer | Where-Object Default).Name")?;
    let printers = parse_printer_list(&list);
    let default = Some(default.trim().to_string()).filter(|d| printers.contains(d));
    Ok(Printers { printers, default })
}

/// This computer's printers and its default one (none: no print system,
/// or no printer set up).
#[tauri::command]
pub async fn list_printers() -> Result<Printers, ErrorPayload> {
    let found = tauri::async_runtime::spawn_blocking(system_printers)
        .await
        .ok()
        .and_then(Result::ok);
    Ok(found.unwrap_or(Printers {
        printers: Vec::new(),
        default: None,
    }))
}

#[cfg(not(windows))]
fn send(
    printer: &str,
    copies: u32,
    title: &str,
    file: &std::path::Path,
) -> std::io::Result<(bool, String, String)> {
    run("lp", &lp_args(printer, copies, title, file))
}

#[cfg(windows)]
fn send(
    printer: &str,
    copies: u32,
    _title: &str,
    file: &std::path::Path,
) -> std::io::Result<(bool, String, String)> {
    // The PDF viewer registered for "PrintTo" prints it, once per copy.
    let script = format!(
        "1..{copies} | ForEach-Object {{ Start-Process -FilePath '{}' -Verb PrintTo -ArgumentList '\"{}\"' -WindowStyle Hidden -Wait }}",
        file.display().to_string().replace('\'', "''"),
        printer.replace('\'', "''")
    );
    run(
        "powershell",
        &["-NoProfile".into(), "-Command".into(), script],
    )
}

/// Prints `bytes` (a PDF) on `printer`, `copies` times; the job's id.
#[tauri::command]
pub async fn print_pdf(
    name: String,
    bytes: Bytes,
    printer: String,
    copies: u32,
    lang: Option<String>,
) -> Result<Printed, ErrorPayload> {
    let lang = lang_of(&lang);
    if !(1..=MAX_COPIES).contains(&copies) {
        return Err(refused(
            lang,
            "copies_invalid",
            format!("份数请填写 1 至 {MAX_COPIES} 之间的整数。"),
            format!("Print between 1 and {MAX_COPIES} copies."),
        ));
    }
    if !valid_printer_name(&printer) {
        return Err(refused(
            lang,
            "printer_unknown",
            "请从列表中选择打印机。".into(),
            "Choose a printer from the list.".into(),
        ));
    }
    if bytes.0.len() > MAX_PRINT_BYTES || !bytes.0.starts_with(b"%PDF-") {
        return Err(refused(
            lang,
            "not_printable",
            "只能打印本系统生成的 PDF 文书。".into(),
            "Only the PDF documents the app makes can be printed.".into(),
        ));
    }
    // A private temporary copy for the print system.
    let file = crate::commands::platform::private_temp_file(
        &format!("打印-{}-", std::process::id()),
        &name,
        &bytes.0,
    )?;
    let title = name.trim_end_matches(".pdf").to_string();
    let (printer_c, file_c) = (printer.clone(), file.clone());
    let sent =
        tauri::async_runtime::spawn_blocking(move || send(&printer_c, copies, &title, &file_c))
            .await
            .map_err(|e| DeskError::Internal(format!("print: {e}")).to_payload(lang))?;
    // The print system has its own copy once `lp` has answered.
    let _ = std::fs::remove_file(&file);
    match sent {
        Ok((true, out, _)) => Ok(Printed {
            printer,
            copies,
            job: parse_job(&out),
        }),
        Ok((false, _, err)) => Err(refused(
            lang,
            "print_failed",
            format!("打印机“{printer}”没有接受这份文书：{}", err.trim()),
            format!("The printer \"{printer}\" did not take the document: {}", err.trim()),
        )),
        Err(e) => Err(refused(
            lang,
            "no_print_system",
            format!("这台电脑上找不到打印系统（{e}）。请先安装打印机，或“生成 PDF”后用其他程序打印。"),
            format!("No print system was found on this computer ({e}). Set up a printer, or save the PDF and print it from another program."),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printers_and_the_default_are_read_from_lpstat() {
        assert_eq!(
            parse_printer_list("VirtualPDF\n  Office_Laser \n\n"),
            vec!["VirtualPDF".to_string(), "Office_Laser".to_string()]
        );
        assert_eq!(
            parse_default("system default destination: Office_Laser\n").as_deref(),
            Some("Office_Laser")
        );
        assert_eq!(parse_default("no system default destination\n"), None);
    }

    #[test]
    fn the_job_id_is_read_from_lps_answer() {
        assert_eq!(
            parse_job("request id is VirtualPDF-3 (1 file(s))\n"),
            "VirtualPDF-3"
        );
        assert_eq!(parse_job(""), "");
    }

    #[test]
    fn a_printer_name_can_never_become_an_option_or_a_second_argument() {
        assert!(valid_printer_name("VirtualPDF"));
        assert!(valid_printer_name("前台打印机"));
        for bad in ["", "-o", "a b", "a/b", "a\nb", "x'y"] {
            assert!(!valid_printer_name(bad), "{bad:?}");
        }
        let args = lp_args(
            "VirtualPDF",
            2,
            "TS-2026-000001 登记单\n",
            std::path::Path::new("/tmp/x.pdf"),
        );
        assert_eq!(
            args,
            [
                "-d",
                "VirtualPDF",
                "-n",
                "2",
                "-t",
                "TS-2026-000001 登记单",
                "--",
                "/tmp/x.pdf"
            ]
        );
    }
}
