//! The `kinetic` binary run as a user runs it: each command's output and exit status.
//! Prints `cli: N passed, M failed` (scripts/test.sh).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::process::{Command, Stdio};

const SECRET: &str = "whsec_cli_test_secret";
const EVENT: &str = r#"{"id":"evt_1a2b3c4d","object":"event","type":"payment.failed","api_version":"2026-04-01","created_at":"2026-04-15T09:14:02Z","livemode":false,"data":{"object":{"id":"pay_1a2b3c4d","object":"payment","amount":25000,"currency":"usd","status":"failed","failure_code":"account_closed","metadata":{"note":"café"}}}}"#;
const T: i64 = 1_776_244_442;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn kinetic(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kinetic"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn header() -> String {
    let run = kinetic(
        &[
            "sign",
            "--secret",
            SECRET,
            "--timestamp",
            &T.to_string(),
            "-",
        ],
        EVENT.as_bytes(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout.trim().to_owned()
}

/// `kinetic verify` of `body` with `header` at T + `age`, with `secrets`.
fn verify(body: &[u8], header: &str, secrets: &[&str], age: i64) -> Run {
    let now = (T + age).to_string();
    let mut args = vec!["verify", "--header", header, "--now", &now];
    for s in secrets {
        args.extend(["--secret", s]);
    }
    args.push("-");
    kinetic(&args, body)
}

fn python_dumps(pretty: bool) -> Vec<u8> {
    // What `json.dumps(json.loads(body))` gives (ensure_ascii, ", " and ": " separators), or
    // with `indent=2`: the two ways a Python receiver re-serializes a body.
    let value: serde_json::Value = serde_json::from_str(EVENT).unwrap();
    let text = if pretty {
        serde_json::to_string_pretty(&value).unwrap()
    } else {
        serde_json::to_string(&value).unwrap()
    };
    text.replace('é', "\\u00e9").into_bytes()
}

fn tests() -> Vec<(&'static str, fn())> {
    vec![
        ("sign then verify: exit 0, each step reported", || {
            let h = header();
            assert!(h.starts_with(&format!("t={T},v1=")));
            let run = verify(EVENT.as_bytes(), &h, &["whsec_other", SECRET], 10);
            assert_eq!(run.code, 0, "{}", run.stdout);
            for step in [
                "1 header",
                "2 secret #0",
                "2 secret #1",
                "3 signature  matches secret #1",
                "10 s ago",
                "5 event      ok evt_1a2b3c4d payment.failed",
                "verified",
            ] {
                assert!(run.stdout.contains(step), "{step:?} not in\n{}", run.stdout);
            }
            assert!(!run.stdout.contains(SECRET), "a secret was printed");
        }),
        (
            "verify: a tampered body is signature_mismatch (13), no evidence claimed",
            || {
                let tampered = EVENT.replace("25000", "95000");
                let run = verify(tampered.as_bytes(), &header(), &[SECRET], 0);
                assert_eq!(run.code, 13);
                assert!(
                    run.stdout.contains("changed after signing (tampered)"),
                    "{}",
                    run.stdout
                );
            },
        ),
        ("verify: re-serialized (Python's json.dumps)", || {
            let run = verify(&python_dumps(false), &header(), &[SECRET], 0);
            assert_eq!(run.code, 13);
            assert!(
                run.stdout.contains("parsed and serialized again"),
                "{}",
                run.stdout
            );
        }),
        ("verify: pretty-printed", || {
            let run = verify(&python_dumps(true), &header(), &[SECRET], 0);
            assert_eq!(run.code, 13);
            assert!(run.stdout.contains("pretty-printed JSON"), "{}", run.stdout);
        }),
        ("verify: base64", || {
            let b64 = base64(EVENT.as_bytes());
            let run = verify(b64.as_bytes(), &header(), &[SECRET], 0);
            assert_eq!(run.code, 13);
            assert!(run.stdout.contains("base64-encoded"), "{}", run.stdout);
        }),
        ("verify: a trailing newline", || {
            let run = verify(format!("{EVENT}\n").as_bytes(), &header(), &[SECRET], 0);
            assert_eq!(run.code, 13);
            assert!(
                run.stdout.contains("without its trailing whitespace"),
                "{}",
                run.stdout
            );
        }),
        ("verify: secrets of the wrong shape", || {
            let run = verify(
                EVENT.as_bytes(),
                &header(),
                &["v1,whsec_cli_test_secret"],
                0,
            );
            assert_eq!(run.code, 13);
            assert!(
                run.stdout
                    .contains("secret #0: The secret has text before whsec_"),
                "{}",
                run.stdout
            );
            let run = verify(EVENT.as_bytes(), &header(), &["cli_test_secret"], 0);
            assert_eq!(run.code, 13);
            assert!(
                run.stdout.contains("prefix added or removed"),
                "{}",
                run.stdout
            );
            assert!(
                run.stdout.contains("does not start with whsec_"),
                "{}",
                run.stdout
            );
            assert!(
                !run.stdout.contains("cli_test_secret") && !run.stdout.contains("cli_"),
                "a secret was printed"
            );
            let run = verify(EVENT.as_bytes(), &header(), &["plainsecret42"], 0);
            assert_eq!(run.code, 13);
            assert!(
                !run.stdout.contains("plainsecret")
                    && run.stdout.contains("(no whsec_ prefix, 13 characters)"),
                "{}",
                run.stdout
            );
            let run = verify(EVENT.as_bytes(), &header(), &["sk_test_abc123"], 0);
            assert_eq!(run.code, 14);
            assert!(run.stdout.contains("is an API key"), "{}", run.stdout);
        }),
        (
            "verify: stale (12), and the matching secret still named",
            || {
                let run = verify(EVENT.as_bytes(), &header(), &[SECRET], 3600);
                assert_eq!(run.code, 12);
                assert!(run.stdout.contains("matches secret #0"), "{}", run.stdout);
                assert!(
                    run.stdout
                        .contains("3600 s ago: outside the tolerance of 300 s"),
                    "{}",
                    run.stdout
                );
                let wide = kinetic(
                    &[
                        "verify",
                        "--secret",
                        SECRET,
                        "--header",
                        &header(),
                        "--now",
                        &(T + 3600).to_string(),
                        "--tolerance",
                        "4000",
                        "-",
                    ],
                    EVENT.as_bytes(),
                );
                assert_eq!(wide.code, 0, "{}", wide.stdout);
            },
        ),
        (
            "verify: missing (10), malformed (11), invalid event (15)",
            || {
                assert_eq!(verify(EVENT.as_bytes(), " ", &[SECRET], 0).code, 10);
                let run = verify(EVENT.as_bytes(), "t=1", &[SECRET], 0);
                assert_eq!(run.code, 11);
                assert!(run.stdout.contains("no `v1=`"), "{}", run.stdout);
                let body = br#"{"not":"an event"}"#;
                let h = kinetic(
                    &["sign", "--secret", SECRET, "--timestamp", &T.to_string()],
                    body,
                )
                .stdout;
                assert_eq!(verify(body, h.trim(), &[SECRET], 0).code, 15);
            },
        ),
        (
            "verify --headers-file: curl -D lines, JSON records, a repeated header",
            || {
                let dir = std::env::temp_dir().join(format!("kinetic-cli-{}", std::process::id()));
                std::fs::create_dir_all(&dir).unwrap();
                let (lines, json, twice) =
                    (dir.join("h.txt"), dir.join("h.json"), dir.join("twice.txt"));
                std::fs::write(
                    &lines,
                    format!(
                        "POST /webhooks HTTP/1.1\r\nHost: x\r\nkinetic-signature: {}\r\n\r\n{{}}",
                        header()
                    ),
                )
                .unwrap();
                std::fs::write(
                    &json,
                    format!(r#"{{"host":"x","Kinetic-Signature":"{}"}}"#, header()),
                )
                .unwrap();
                std::fs::write(
                    &twice,
                    format!("Kinetic-Signature: {0}\nKinetic-Signature: {0}\n", header()),
                )
                .unwrap();
                let now = T.to_string();
                for (file, code) in [(&lines, 0), (&json, 0), (&twice, 11)] {
                    let run = kinetic(
                        &[
                            "verify",
                            "--secret",
                            SECRET,
                            "--now",
                            &now,
                            "--headers-file",
                            file.to_str().unwrap(),
                            "-",
                        ],
                        EVENT.as_bytes(),
                    );
                    assert_eq!(run.code, code, "{}: {}", file.display(), run.stdout);
                }
                std::fs::remove_dir_all(&dir).unwrap();
            },
        ),
        ("verify --json", || {
            let run = kinetic(
                &[
                    "verify",
                    "--json",
                    "--secret",
                    SECRET,
                    "--header",
                    &header(),
                    "--now",
                    &(T + 3600).to_string(),
                    "-",
                ],
                EVENT.as_bytes(),
            );
            assert_eq!(run.code, 12);
            let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
            assert_eq!(v["code"], "timestamp_outside_tolerance");
            assert_eq!(v["matched_secret"], 0);
            assert_eq!(v["age"], 3600);
        }),
        (
            "sign --curl: a command with the header and the body",
            || {
                let run = kinetic(
                    &[
                        "sign",
                        "--secret",
                        SECRET,
                        "--timestamp",
                        &T.to_string(),
                        "--curl",
                        "http://127.0.0.1:3000/webhooks",
                    ],
                    br#"{"a":"it's"}"#,
                );
                assert_eq!(run.code, 0);
                assert!(
                    run.stdout
                        .starts_with("curl -sS -X POST 'http://127.0.0.1:3000/webhooks' "),
                    "{}",
                    run.stdout
                );
                assert!(
                    run.stdout
                        .contains(&format!("'Kinetic-Signature: t={T},v1=")),
                    "{}",
                    run.stdout
                );
                assert!(
                    run.stdout.contains(r#"--data-binary '{"a":"it'\''s"}'"#),
                    "{}",
                    run.stdout
                );
            },
        ),
        (
            "sign: an API key as the secret is invalid_secret (14)",
            || {
                let run = kinetic(&["sign", "--secret", "sk_live_abc", "-"], b"{}");
                assert_eq!(run.code, 14);
                assert!(
                    run.stderr.contains("invalid_secret") && !run.stderr.contains("sk_live_abc"),
                    "{}",
                    run.stderr
                );
            },
        ),
        (
            "validate: the README's bad payment, every problem, exit 1",
            || {
                let bad = r#"{ "ammount": 25000, "currency": "usd", "rail": "fednow",
                "destination": { "routing_number": "021000022", "account_number": "****7890" },
                "metadata": { "invoice[id]": "inv_001" } }"#;
                let run = kinetic(&["validate"], bad.as_bytes());
                assert_eq!(run.code, 1);
                let rows: Vec<Vec<&str>> = run
                    .stdout
                    .lines()
                    .map(|l| {
                        l.split("  ")
                            .filter(|c| !c.is_empty())
                            .map(str::trim)
                            .collect()
                    })
                    .collect();
                let found: Vec<(&str, &str)> = rows.iter().map(|r| (r[0], r[1])).collect();
                assert_eq!(
                    found,
                    [
                        ("amount", "required"),
                        ("destination.routing_number", "routing_number_checksum"),
                        ("destination.account_number", "masked_account_number"),
                        ("metadata.invoice[id]", "invalid_metadata_key"),
                        ("ammount", "unknown_field"),
                    ]
                );
                let json = kinetic(&["validate", "--json", "-"], bad.as_bytes());
                assert_eq!(json.code, 1);
                let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
                assert_eq!(v["errors"].as_array().unwrap().len(), 5);
            },
        ),
        (
            "validate: a good payment (0), not JSON (3), no file (3)",
            || {
                let good = r#"{"amount":25000,"currency":"USD","destination":{"routing_number":"021000021","account_number":"000123457890"}}"#;
                let run = kinetic(&["validate", "--json"], good.as_bytes());
                assert_eq!(run.code, 0);
                let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
                assert_eq!(
                    (
                        v["ok"].as_bool(),
                        v["value"]["currency"].as_str(),
                        v["value"]["rail"].as_str()
                    ),
                    (Some(true), Some("usd"), Some("auto"))
                );
                assert_eq!(kinetic(&["validate"], b"amount=5").code, 3);
                assert_eq!(
                    kinetic(&["validate", "/nonexistent/params.json"], b"").code,
                    3
                );
            },
        ),
        (
            "usage: --help documents the exit codes, a bad argument is 2, completions",
            || {
                for args in [
                    &["--help"][..],
                    &["verify", "--help"],
                    &["sign", "--help"],
                    &["validate", "--help"],
                ] {
                    let run = kinetic(args, b"");
                    assert_eq!(run.code, 0);
                    assert!(
                        run.stdout.contains("13  verify: signature_mismatch"),
                        "{args:?}"
                    );
                }
                assert_eq!(kinetic(&["verify", "--secret", SECRET, "-"], b"").code, 2); // no header given
                assert_eq!(kinetic(&["bogus"], b"").code, 2);
                for shell in ["bash", "zsh", "fish"] {
                    let run = kinetic(&["completions", shell], b"");
                    assert_eq!(run.code, 0);
                    assert!(
                        run.stdout.contains("verify") && run.stdout.contains("headers-file"),
                        "{shell}"
                    );
                }
                assert_eq!(kinetic(&["completions", "powershell"], b"").code, 2);
            },
        ),
    ]
}

fn base64(bytes: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn main() {
    let (mut passed, mut failed) = (0, 0);
    for (name, test) in tests() {
        match std::panic::catch_unwind(test) {
            Ok(()) => {
                passed += 1;
                println!("ok   {name}");
            }
            Err(_) => {
                failed += 1;
                println!("FAIL {name}");
            }
        }
    }
    println!("cli: {passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}
