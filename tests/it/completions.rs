//! The committed completion scripts and man page are what the binary generates.
//! `UPDATE_GENERATED=1 cargo test completions` rewrites them.

use crate::common::*;

const FILES: [(&str, &str); 6] = [
    ("bash", "completions/pulse-hooks.bash"),
    ("zsh", "completions/_pulse-hooks"),
    ("fish", "completions/pulse-hooks.fish"),
    ("powershell", "completions/_pulse-hooks.ps1"),
    ("elvish", "completions/pulse-hooks.elv"),
    ("man", "man/pulse-hooks.1"),
];

#[test]
fn committed_completions_and_man_page_are_current() {
    let env = Env::new();
    let update = std::env::var_os("UPDATE_GENERATED").is_some();
    let mut stale = Vec::new();
    for (shell, file) in FILES {
        let out = if shell == "man" {
            env.run(&["man"])
        } else {
            env.run(&["completions", shell])
        };
        assert_code(&out, 0);
        assert!(!out.stdout.is_empty());
        let path = repo_path(file);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &out.stdout).unwrap();
        } else if std::fs::read(&path).ok().as_deref() != Some(out.stdout.as_slice()) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "stale generated files {stale:?}: run `UPDATE_GENERATED=1 cargo test completions` and commit"
    );
}
