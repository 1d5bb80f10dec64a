//! The update checks on real signatures made by the Tauri CLI
//! (`tauri signer sign --app-version 0.1.1`) with the test-only key pairs
//! under tests/package/keys: a good file passes, a changed file and a file
//! signed by another key are refused with a message saying so.

use std::path::PathBuf;

use desk_core::Lang;
use semver::Version;

use super::{check_kind, endpoint_url, read_signed, PackageKind, UpdateError};

fn package_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/package")
}

/// The test key's public half, as it goes into tauri.conf.json (base64 text).
fn test_key() -> String {
    std::fs::read_to_string(package_dir().join("keys/test-only-DO-NOT-USE.key.pub")).unwrap()
}

fn v(s: &str) -> Version {
    Version::parse(s).unwrap()
}

/// A copy of the fixture with its signature (or another one) beside it.
fn copy_with_signature(contents: &[u8], sig_fixture: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("complaint-desk_0.1.1_amd64.deb");
    std::fs::write(&file, contents).unwrap();
    let sig = std::fs::read(package_dir().join("fixtures").join(sig_fixture)).unwrap();
    std::fs::write(dir.path().join("complaint-desk_0.1.1_amd64.deb.sig"), sig).unwrap();
    (dir, file)
}

fn fixture() -> Vec<u8> {
    std::fs::read(package_dir().join("fixtures/update-0.1.1.bin")).unwrap()
}

#[test]
fn a_file_signed_with_the_office_key_passes_and_gives_its_signed_version() {
    let (_dir, file) = copy_with_signature(&fixture(), "update-0.1.1.bin.sig");
    let (bytes, version) = read_signed(&file, &test_key(), &v("0.1.0")).unwrap();
    assert_eq!(version, v("0.1.1"));
    assert_eq!(bytes, fixture());
}

#[test]
fn a_file_changed_after_signing_is_refused_as_tampered_in_both_languages() {
    let mut changed = fixture();
    changed[10] ^= 0x01;
    let (_dir, file) = copy_with_signature(&changed, "update-0.1.1.bin.sig");
    let err = read_signed(&file, &test_key(), &v("0.1.0")).unwrap_err();
    assert_eq!(err, UpdateError::Tampered);
    assert!(err.message(Lang::Zh).contains("签名后被改动"));
    assert!(err.message(Lang::En).contains("changed after signing"));
    assert_eq!(err.payload(Lang::En).code, "update_tampered");
}

#[test]
fn a_file_one_byte_longer_is_refused_as_tampered() {
    let mut longer = fixture();
    longer.push(b'\n');
    let (_dir, file) = copy_with_signature(&longer, "update-0.1.1.bin.sig");
    let err = read_signed(&file, &test_key(), &v("0.1.0")).unwrap_err();
    assert_eq!(err, UpdateError::Tampered);
}

#[test]
fn a_file_signed_by_another_key_is_refused_and_the_message_says_so() {
    let (_dir, file) = copy_with_signature(&fixture(), "update-0.1.1.bin.other-key.sig");
    let err = read_signed(&file, &test_key(), &v("0.1.0")).unwrap_err();
    assert_eq!(err, UpdateError::SignedByAnotherKey);
    assert!(err.message(Lang::Zh).contains("另一个密钥"));
    assert!(err.message(Lang::En).contains("signed by another key"));
}

#[test]
fn the_other_keys_signature_passes_with_the_other_public_key() {
    // So the refusal above is about the key, not a broken fixture.
    let other =
        std::fs::read_to_string(package_dir().join("keys/other-test-only-DO-NOT-USE.key.pub"))
            .unwrap();
    let (_dir, file) = copy_with_signature(&fixture(), "update-0.1.1.bin.other-key.sig");
    let (_, version) = read_signed(&file, &other, &v("0.1.0")).unwrap();
    assert_eq!(version, v("0.1.1"));
}

#[test]
fn a_file_without_its_sig_beside_it_is_refused_naming_the_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("complaint-desk_0.1.1_amd64.deb");
    std::fs::write(&file, fixture()).unwrap();
    let err = read_signed(&file, &test_key(), &v("0.1.0")).unwrap_err();
    let UpdateError::SignatureMissing { sig_path } = &err else {
        panic!("expected a missing signature, got {err:?}");
    };
    assert!(sig_path.ends_with("complaint-desk_0.1.1_amd64.deb.sig"));
    assert!(err.message(Lang::Zh).contains(".sig"));
}

#[test]
fn a_garbled_signature_file_is_refused_as_malformed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("update.deb");
    std::fs::write(&file, fixture()).unwrap();
    std::fs::write(dir.path().join("update.deb.sig"), "not a signature").unwrap();
    let err = read_signed(&file, &test_key(), &v("0.1.0")).unwrap_err();
    assert_eq!(err, UpdateError::SignatureMalformed);
}

#[test]
fn a_version_not_newer_than_the_installed_one_is_refused() {
    let (_dir, file) = copy_with_signature(&fixture(), "update-0.1.1.bin.sig");
    let err = read_signed(&file, &test_key(), &v("0.1.1")).unwrap_err();
    assert_eq!(
        err,
        UpdateError::NotNewer {
            file: "0.1.1".into(),
            installed: "0.1.1".into()
        }
    );
    assert!(err.message(Lang::Zh).contains("不比已安装的 0.1.1 版新"));
}

#[test]
fn a_build_without_a_public_key_refuses_to_update() {
    let (_dir, file) = copy_with_signature(&fixture(), "update-0.1.1.bin.sig");
    let err = read_signed(&file, "", &v("0.1.0")).unwrap_err();
    assert_eq!(err, UpdateError::NoKey);
}

#[test]
fn a_missing_file_is_refused_with_its_path() {
    let err = read_signed(
        &package_dir().join("fixtures/no-such-file.deb"),
        &test_key(),
        &v("0.1.0"),
    )
    .unwrap_err();
    assert!(
        matches!(err, UpdateError::FileUnreadable { ref path, .. } if path.ends_with("no-such-file.deb"))
    );
}

#[test]
fn the_package_kind_is_read_from_the_first_bytes() {
    assert_eq!(
        PackageKind::detect(b"!<arch>\ndebian-binary   1700000000  0     0     100644  4"),
        Some(PackageKind::Deb)
    );
    assert_eq!(
        PackageKind::detect(&[0xED, 0xAB, 0xEE, 0xDB, 3, 0]),
        Some(PackageKind::Rpm)
    );
    assert_eq!(
        PackageKind::detect(b"\x7fELF\x02\x01\x01\x00AI\x02\x00\x00"),
        Some(PackageKind::AppImage)
    );
    assert_eq!(
        PackageKind::detect(b"\x7fELF\x02\x01\x01\x00\x00\x00"),
        None
    );
    assert_eq!(PackageKind::detect(b"MZ\x90\x00"), Some(PackageKind::Nsis));
    assert_eq!(PackageKind::detect(b"plain text"), None);
}

#[test]
fn an_rpm_offered_to_a_deb_installation_is_refused_as_the_wrong_kind() {
    let err = check_kind(&[0xED, 0xAB, 0xEE, 0xDB, 3, 0], Some(PackageKind::Deb)).unwrap_err();
    assert_eq!(
        err,
        UpdateError::WrongKind {
            file: ".rpm",
            installed: ".deb"
        }
    );
    assert!(err.message(Lang::Zh).contains("请选择 .deb 安装包"));
    let err = check_kind(&fixture(), Some(PackageKind::Deb)).unwrap_err();
    assert_eq!(err.code(), "update_not_a_package");
    assert_eq!(
        check_kind(b"!<arch>\ndebian-binary", None).unwrap_err(),
        UpdateError::NotInstalledFromPackage
    );
    assert!(check_kind(b"!<arch>\ndebian-binary", Some(PackageKind::Deb)).is_ok());
}

#[test]
fn an_update_folder_address_points_at_its_latest_json() {
    let cases = [
        ("http://10.1.2.3/desk/", "http://10.1.2.3/desk/latest.json"),
        ("http://intranet/desk", "http://intranet/desk/latest.json"),
        (
            "https://updates.example.cn/complaint-desk/latest.json",
            "https://updates.example.cn/complaint-desk/latest.json",
        ),
        (
            "  http://127.0.0.1:8080  ",
            "http://127.0.0.1:8080/latest.json",
        ),
    ];
    for (given, want) in cases {
        assert_eq!(endpoint_url(given).unwrap().as_str(), want, "for {given}");
    }
    let server = endpoint_url("https://srv/update/{{target}}/{{current_version}}").unwrap();
    assert!(server.as_str().contains("%7B%7Btarget%7D%7D"));
}

#[test]
fn an_address_that_is_not_http_is_refused_with_an_example() {
    for given in [
        "",
        "   ",
        "ftp://server/desk/",
        "file:///mnt/share/desk/",
        "\\\\server\\share\\desk",
        "server/desk",
        "http://",
    ] {
        let err = endpoint_url(given).unwrap_err();
        assert_eq!(err.code(), "update_bad_endpoint", "for {given:?}");
        assert!(err.message(Lang::Zh).contains("http://"));
        assert!(err
            .message(Lang::En)
            .contains("must start with http:// or https://"));
    }
    let long = format!("http://server/{}", "a".repeat(3000));
    assert_eq!(
        endpoint_url(&long).unwrap_err().code(),
        "update_bad_endpoint"
    );
}
