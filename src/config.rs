//! The config folder and this tool's config file (`config.toml`): where settings come from when
//! no flag or environment variable gives them.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{CliError, Result};

pub const CONFIG_DIR_ENV: &str = "PULSE_HOOKS_CONFIG_DIR";
pub const CONFIG_FILE: &str = "config.toml";

/// The value of an environment variable, with an empty value counted as unset.
pub fn env_var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// `$PULSE_HOOKS_CONFIG_DIR`, else the platform's config folder + `pulse-hooks`.
pub fn config_dir() -> Result<PathBuf> {
    if let Some(dir) = env_var(CONFIG_DIR_ENV) {
        return Ok(PathBuf::from(dir));
    }
    directories::BaseDirs::new()
        .map(|dirs| dirs.config_dir().join("pulse-hooks"))
        .ok_or_else(|| {
            CliError::usage("cannot find a config folder: no home folder is set").with_hint(
                format!("set {CONFIG_DIR_ENV} to a folder pulse-hooks may use"),
            )
        })
}

/// This tool's config file. Every field is optional.
#[derive(Debug, Default, Deserialize)]
pub struct ConfigFile {
    pub webhook_secret: Option<String>,
    pub api_key: Option<String>,
    pub api_url: Option<String>,
}

impl ConfigFile {
    /// Reads the file if it exists; a missing file is an empty config, a malformed one an error.
    pub fn load(path: &Path) -> Result<Option<Self>> {
        let text = match fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(CliError::usage(format!(
                    "cannot read the config file `{}`",
                    path.display()
                ))
                .caused_by(e));
            }
        };
        toml::from_str(&text).map(Some).map_err(|e| {
            // toml's message quotes the offending line, which may hold a secret: keep only
            // its first line, which says what and where.
            let what = e.message().lines().next().unwrap_or("invalid TOML").to_string();
            CliError::usage(format!("the config file `{}` is not valid", path.display()))
                .caused_by(what)
                .with_hint("fix the file or remove it; `webhook_secret`, `api_key` and `api_url` are strings")
        })
    }
}

/// Writes a file that only its owner may read (mode 0600), atomically: a temporary file in the
/// same folder, then a rename. With `replace` false an existing file is kept and `false` returned.
/// `sync` also flushes it to disk first (settings; captures skip it for speed).
pub fn write_private(path: &Path, contents: &[u8], replace: bool, sync: bool) -> io::Result<bool> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        crate::signing::hex(&crate::ids::random_bytes::<6>())
    ));
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let result = options.open(&tmp).and_then(|mut file| {
        file.write_all(contents)?;
        if sync { file.sync_all() } else { Ok(()) }
    });
    let result = result.and_then(|()| {
        if replace {
            fs::rename(&tmp, path).map(|()| true)
        } else {
            // A hard link fails if the target exists: two processes creating the same file at
            // once both end up reading the one that won.
            match fs::hard_link(&tmp, path) {
                Ok(()) => Ok(true),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
                Err(e) => Err(e),
            }
        }
    });
    let _ = fs::remove_file(&tmp);
    result
}
