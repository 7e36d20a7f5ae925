//! Secret resolution order, the shared development secret, and `secret generate`.

use crate::common::*;

const A: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const B: &str = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";

/// The signature `sign` prints for a fixed message, to tell which secret it used.
fn signature_with(
    env: &Env,
    extra: &[&str],
    vars: &[(&str, &str)],
    stdin: &[u8],
) -> (i32, String, String) {
    let payload = env.write("p.json", "{}");
    let mut cmd = env.cmd();
    cmd.args([
        "sign",
        payload.to_str().unwrap(),
        "--id",
        "msg_1",
        "--timestamp",
        "1700000000",
        "-f",
        "signature",
    ]);
    cmd.args(extra);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = run_with_stdin(&mut cmd, stdin);
    (
        out.status.code().unwrap(),
        stdout(&out).trim().to_string(),
        stderr(&out),
    )
}

fn expected(secret: &str) -> String {
    let s = pulse_hooks::signing::Secret::parse(secret).unwrap();
    pulse_hooks::signing::sign_v1(&s, "msg_1", 1_700_000_000, b"{}")
}

#[test]
fn first_found_wins() {
    let env = Env::new();
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(
        env.config_dir().join("config.toml"),
        format!("webhook_secret = \"{B}\"\n"),
    )
    .unwrap();
    let secret_file = env.write("secret.txt", format!("{A}\n"));
    let file_arg = secret_file.to_str().unwrap();
    // Config file alone.
    assert_eq!(signature_with(&env, &[], &[], b"").1, expected(B));
    // The environment beats the config file.
    assert_eq!(
        signature_with(&env, &[], &[("PULSE_WEBHOOK_SECRET", A)], b"").1,
        expected(A)
    );
    // --secret-file beats the environment; `-` reads stdin.
    assert_eq!(
        signature_with(
            &env,
            &["--secret-file", file_arg],
            &[("PULSE_WEBHOOK_SECRET", B)],
            b""
        )
        .1,
        expected(A)
    );
    assert_eq!(
        signature_with(
            &env,
            &["--secret-file", "-"],
            &[("PULSE_WEBHOOK_SECRET", A)],
            B.as_bytes()
        )
        .1,
        expected(B)
    );
    // --secret beats everything.
    assert_eq!(
        signature_with(&env, &["--secret", B], &[("PULSE_WEBHOOK_SECRET", A)], b"").1,
        expected(B)
    );
    // No development secret was made while others were given.
    assert!(!env.config_dir().join("dev-secret").exists());
}

#[test]
fn development_secret_is_created_once_with_mode_0600() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    let (code, first, err) = signature_with(&env, &[], &[], b"");
    assert_eq!(code, 0, "{err}");
    let path = env.config_dir().join("dev-secret");
    let text = std::fs::read_to_string(&path).unwrap();
    let secret = text.trim();
    assert!(secret.starts_with("whsec_"));
    assert_eq!(
        pulse_hooks::signing::Secret::parse(secret)
            .unwrap()
            .key_bytes()
            .len(),
        24
    );
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(first, expected(secret));
    // Shared: a second run uses the same secret and leaves the file alone.
    let (_, second, _) = signature_with(&env, &[], &[], b"");
    assert_eq!(first, second);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    // The secret the user did not supply is not printed by `sign`.
    assert!(!err.contains(secret));
}

#[test]
fn concurrent_first_use_agrees_on_one_secret() {
    let env = Env::new();
    let payload = env.write("p.json", "{}");
    let children: Vec<_> = (0..8)
        .map(|_| {
            env.cmd()
                .args([
                    "sign",
                    payload.to_str().unwrap(),
                    "--id",
                    "msg_1",
                    "--timestamp",
                    "1700000000",
                    "-f",
                    "signature",
                ])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let outputs: Vec<String> = children
        .into_iter()
        .map(|c| String::from_utf8(c.wait_with_output().unwrap().stdout).unwrap())
        .collect();
    assert!(outputs.windows(2).all(|w| w[0] == w[1]), "{outputs:?}");
    let files: Vec<_> = std::fs::read_dir(env.config_dir()).unwrap().collect();
    assert_eq!(files.len(), 1, "no temporary files left behind");
}

#[test]
fn malformed_secrets_exit_2_without_echoing_the_secret() {
    let env = Env::new();
    for (bad, from_env) in [
        ("whsec_not*base64*secret", false),
        ("whsec_sh0rt!", true),
        ("whpk_1SiA4o9hyqTCpIqC5V9HUakiiaeACeqfZTInDBbOir4=", false),
        ("", false),
    ] {
        let (code, out, err) = if from_env {
            signature_with(&env, &[], &[("PULSE_WEBHOOK_SECRET", bad)], b"")
        } else {
            signature_with(&env, &["--secret", bad], &[], b"")
        };
        assert_eq!(code, 2, "{bad:?}: {err}");
        assert!(out.is_empty());
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains("\nhint: "), "{err}");
        let body = bad.trim_start_matches("whsec_").trim_start_matches("whpk_");
        if !body.is_empty() {
            assert!(!err.contains(body), "the secret leaked: {err}");
        }
    }
    // A malformed config file is an input error naming the file, not quoting it.
    std::fs::create_dir_all(env.config_dir()).unwrap();
    std::fs::write(
        env.config_dir().join("config.toml"),
        "webhook_secret = whsec_unquotedsecret\n",
    )
    .unwrap();
    let (code, _, err) = signature_with(&env, &[], &[], b"");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("config.toml"), "{err}");
    assert!(!err.contains("unquotedsecret"), "{err}");
}

#[test]
fn short_keys_warn_and_missing_secret_files_fail() {
    let env = Env::new();
    let (code, _, err) = signature_with(&env, &["--secret", "whsec_YWJjZA=="], &[], b"");
    assert_eq!(code, 0);
    assert!(err.contains("warning:") && err.contains("4 bytes"), "{err}");
    let (code, _, err) = signature_with(&env, &["--secret-file", "/nonexistent/secret"], &[], b"");
    assert_eq!(code, 2);
    assert!(err.contains("cannot read the secret file"), "{err}");
}

#[test]
fn generated_secrets_are_usable() {
    let env = Env::new();
    let out = env.run(&["secret", "generate"]);
    assert_code(&out, 0);
    let secret = stdout(&out).trim().to_string();
    assert!(secret.starts_with("whsec_"));
    assert_eq!(
        pulse_hooks::signing::Secret::parse(&secret)
            .unwrap()
            .key_bytes()
            .len(),
        24
    );
    // Independent check: the reference crate accepts it too.
    assert!(standardwebhooks::Webhook::new(&secret).is_ok());
    let another = stdout(&env.run(&["secret", "generate"])).trim().to_string();
    assert_ne!(secret, another);

    let out = env.run(&["secret", "generate", "--asymmetric", "--json"]);
    assert_code(&out, 0);
    let pair: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let key =
        pulse_hooks::signing::SigningKey::parse(pair["secret_key"].as_str().unwrap()).unwrap();
    let public =
        pulse_hooks::signing::PublicKey::parse(pair["public_key"].as_str().unwrap()).unwrap();
    let sig = key.sign("msg_1", 1, b"{}");
    assert!(public.verifies("msg_1", 1, b"{}", sig.strip_prefix("v1a,").unwrap()));

    let out = env.run(&["secret", "generate", "--asymmetric"]);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("whsk_") && lines[1].starts_with("whpk_"),
        "{text}"
    );
}
