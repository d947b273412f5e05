//! Bad input gives one clear line (or a counted parse error), never a panic.

use std::time::Duration;

use crate::common::{sender, vta_output, RunningVta};

/// Asserts that `vta` failed with exactly one `error:` line containing every `needle`.
fn assert_one_clear_line(output: &std::process::Output, needles: &[&str]) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !output.status.success(),
        "expected a failure, got success:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    for needle in needles {
        assert!(
            errors[0].contains(needle),
            "{needle:?} missing from {:?}",
            errors[0]
        );
    }
}

#[test]
fn a_broken_protocol_file_is_refused_with_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let schema = dir.path().join("broken.schema");
    let mut text = pss::Schema::v2_3().source().to_owned();
    text.push_str("\nthis line is not a schema line at all\n");
    let line = text.lines().count();
    std::fs::write(&schema, text).expect("write schema");
    let output = vta_output(&[
        "run",
        "--data-dir",
        dir.path().to_str().expect("utf-8"),
        "--bind",
        "127.0.0.1:0",
        "--protocol",
        schema.to_str().expect("utf-8"),
    ]);
    assert_one_clear_line(&output, &["broken.schema", &format!("line {line}")]);
}

#[test]
fn an_unwritable_data_folder_is_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A folder below a plain file cannot be created, even by root.
    let file = dir.path().join("plain-file");
    std::fs::write(&file, b"x").expect("write file");
    let data_dir = file.join("data");
    let output = vta_output(&["run", "--data-dir", data_dir.to_str().expect("utf-8")]);
    assert_one_clear_line(&output, &["cannot create the data folder", "plain-file"]);
}

#[test]
fn a_port_in_use_is_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let taken = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let output = vta_output(&[
        "run",
        "--data-dir",
        dir.path().to_str().expect("utf-8"),
        "--bind",
        &addr,
    ]);
    assert_one_clear_line(&output, &["cannot listen", &addr]);
}

#[test]
fn a_pss_source_that_is_no_address_is_one_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = vta_output(&[
        "run",
        "--data-dir",
        dir.path().to_str().expect("utf-8"),
        "--pss-source",
        "court-2",
    ]);
    assert_one_clear_line(
        &output,
        &[
            "--pss-source",
            "\"court-2\" is not auto, an IP address or IP:PORT",
        ],
    );
}

#[test]
fn garbage_datagrams_are_counted_and_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let vta = RunningVta::start(dir.path());
    let socket = sender(vta.port);
    let garbage: [&[u8]; 5] = [
        b"\x00\xff\xfe garbage",
        b"pt1;9;",
        b"hello world",
        b"zzz;1;2;3;",
        b"clk;99:99:99;start;",
    ];
    for datagram in garbage {
        socket.send(datagram).expect("send");
    }
    socket.send(b"pt1;3;").expect("send");
    std::thread::sleep(Duration::from_millis(300));
    vta.stop();

    let reader = store::Reader::open(dir.path().join("vta.sqlite3")).expect("open store");
    let stored = reader.datagrams_from(0).expect("read datagrams");
    assert_eq!(stored.len(), garbage.len() + 1, "every datagram is kept");
    for (row, sent) in stored.iter().zip(garbage) {
        assert_eq!(row.bytes, sent, "stored byte-exact");
    }
    let statuses: Vec<_> = stored.iter().map(|row| row.parse_status.as_str()).collect();
    assert_eq!(statuses.last(), Some(&"ok"));
    assert!(
        statuses[..garbage.len()].iter().all(|s| *s != "ok"),
        "{statuses:?}"
    );
}
