//! `config init | show | path`: this tool's config file, and the settings in use.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::app::Context;
use crate::cli::ConfigInitArgs;
use crate::config::{self, ConfigFile};
use crate::error::{CliError, Exit, Result};
use crate::output;
use crate::pulse_api::credentials::{
    self, ApiFlags, ApiKey, ConfigFiles, DEFAULT_API_URL, Source, parse_api_url,
};
use crate::sanitize;
use crate::secrets::{self, SecretFlags, SecretSource};
use crate::signing::{MIN_KEY_LEN, Secret};
use crate::style::Palette;

fn config_path() -> Result<PathBuf> {
    Ok(config::config_dir()?.join(config::CONFIG_FILE))
}

pub fn path() -> Result<Exit> {
    output::data(format!("{}\n", config_path()?.display()).as_bytes())?;
    Ok(Exit::Success)
}

/// Checks a value before it is saved: the value to save, or why not.
type Check = fn(&str) -> Result<String, String>;

fn check_key(text: &str) -> Result<String, String> {
    ApiKey::parse(text)
        .map(|k| k.expose().to_string())
        .map_err(|why| format!("the API key is not usable: {why}"))
}

fn check_secret(text: &str) -> Result<String, String> {
    let text = text.trim();
    Secret::parse(text)
        .map(|_| text.to_string())
        .map_err(|e| format!("the signing secret is not usable: {e} (it is whsec_ followed by base64, as the Pulse portal shows it)"))
}

fn check_url(text: &str) -> Result<String, String> {
    parse_api_url(text)
        .map(|_| text.trim().trim_end_matches('/').to_string())
        .map_err(|why| format!("the API URL is not usable: {why}"))
}

/// The file's table, kept whole so that keys this version does not know survive a rewrite.
fn load_table(path: &Path, force: bool) -> Result<toml::Table> {
    // `ConfigFile::load` checks the types (and reports a malformed file without quoting it).
    match ConfigFile::load(path) {
        Ok(None) => Ok(toml::Table::new()),
        Ok(Some(_)) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| CliError::usage("cannot read the config file").caused_by(e))?;
            Ok(text.parse().unwrap_or_default())
        }
        Err(_) if force => Ok(toml::Table::new()),
        Err(e) => Err(e.with_hint("fix it, or replace it with `--force`")),
    }
}

pub fn init(args: ConfigInitArgs, context: &Context) -> Result<Exit> {
    let palette = context.colors.stderr;
    let path = config_path()?;
    let exists = path.exists();
    let by_flags =
        args.api_key.is_some() || args.webhook_secret.is_some() || args.api_url.is_some();
    if !by_flags && !context.interactive {
        return Err(CliError::usage("`config init` asks on a terminal, and there is none").with_hint(
            "give the values as flags: `pulse-hooks config init --api-key KEY --webhook-secret whsec_… [--api-url URL]`",
        ));
    }
    if exists && !args.force {
        if !context.interactive {
            return Err(CliError::usage(format!("`{}` exists", path.display()))
                .with_hint("add `--force` to replace it (values not given are kept)"));
        }
        let replace = dialoguer::Confirm::new()
            .with_prompt(format!(
                "{} exists. Replace it? (values you leave empty are kept)",
                path.display()
            ))
            .default(false)
            .interact()
            .map_err(|e| CliError::usage("cannot read the answer").caused_by(e))?;
        if !replace {
            output::info("Nothing written.");
            return Ok(Exit::Success);
        }
    }
    let mut table = load_table(&path, args.force)?;
    let given = |value: &Option<String>, check: Check| {
        value
            .as_deref()
            .map(check)
            .transpose()
            .map_err(CliError::usage)
    };
    let values = if by_flags {
        [
            ("api_key", given(&args.api_key, check_key)?),
            ("webhook_secret", given(&args.webhook_secret, check_secret)?),
            ("api_url", given(&args.api_url, check_url)?),
        ]
    } else {
        ask(&table)?
    };
    for (name, value) in values {
        match value {
            // The default URL is not written, so that it can change with the tool.
            Some(url) if name == "api_url" && url == DEFAULT_API_URL => {
                table.remove(name);
            }
            Some(value) => {
                table.insert(name.to_string(), toml::Value::String(value));
            }
            None => {}
        }
    }
    let short = table
        .get("webhook_secret")
        .and_then(|s| Secret::parse(s.as_str()?).ok())
        .map(|s| s.key_bytes().len())
        .filter(|len| *len < MIN_KEY_LEN);
    if let Some(len) = short {
        output::warn(
            palette,
            &format!(
                "the signing secret is only {len} bytes; Standard Webhooks asks for at least {MIN_KEY_LEN}"
            ),
        );
    }
    let text = toml::to_string(&table)
        .map_err(|e| CliError::failure("cannot write the config").caused_by(e))?;
    config::write_private(&path, text.as_bytes(), true, true).map_err(|e| {
        CliError::usage(format!("cannot write `{}`", path.display()))
            .caused_by(e)
            .with_hint(format!(
                "set {} to a writable folder",
                config::CONFIG_DIR_ENV
            ))
    })?;
    output::info(&format!(
        "{} wrote {} (mode 0600); `pulse-hooks config show` shows what is in use",
        palette.success("✓"),
        palette.path(&path.display().to_string())
    ));
    Ok(Exit::Success)
}

type Values = [(&'static str, Option<String>); 3];

/// The prompts: hidden for the key and the secret, each checked as typed; empty keeps.
fn ask(current: &toml::Table) -> Result<Values> {
    let failed = |e: dialoguer::Error| CliError::usage("cannot read the answer").caused_by(e);
    let has = |name: &str| current.contains_key(name);
    let keep = |name: &str| {
        if has(name) {
            "empty keeps the saved one"
        } else {
            "empty skips"
        }
    };
    let hidden = |label: &str, name: &str, check: Check| {
        dialoguer::Password::new()
            .with_prompt(format!("{label} (hidden; {})", keep(name)))
            .allow_empty_password(true)
            .validate_with(move |text: &String| -> Result<(), String> {
                if text.trim().is_empty() {
                    Ok(())
                } else {
                    check(text).map(|_| ())
                }
            })
            .interact()
            .map_err(failed)
            .map(|text| (!text.trim().is_empty()).then(|| check(&text).expect("validated")))
    };
    let api_key = hidden("Pulse API key", "api_key", check_key)?;
    let secret = hidden(
        "Webhook signing secret (whsec_…)",
        "webhook_secret",
        check_secret,
    )?;
    let url_now = current
        .get("api_url")
        .and_then(|u| u.as_str())
        .unwrap_or(DEFAULT_API_URL)
        .to_string();
    let url: String = dialoguer::Input::new()
        .with_prompt("Pulse API URL")
        .default(url_now)
        .validate_with(|text: &String| check_url(text).map(|_| ()))
        .interact_text()
        .map_err(failed)?;
    Ok([
        ("api_key", api_key),
        ("webhook_secret", secret),
        ("api_url", Some(check_url(&url).map_err(CliError::usage)?)),
    ])
}

pub fn show(json: bool, context: &Context) -> Result<Exit> {
    let palette = context.colors.stderr;
    let own = config_path()?;
    let pulse_cli = credentials::pulse_cli_config_path();
    let files = ConfigFiles::load(palette)?;
    let flags = ApiFlags::default();
    let key = credentials::find_key(&flags, &files)?;
    let (url, url_source) = credentials::find_url(&flags, &files)?;
    let secret = secret_status()?;
    if json {
        let file = |p: Option<&Path>| p.map(|p| json!({"path": p, "exists": p.exists()}));
        let value = json!({
            "config_file": file(Some(&own)),
            "pulse_cli_config_file": file(pulse_cli.as_deref()),
            "api_key": match &key {
                Some((k, source)) => json!({"set": true, "masked": k.masked(), "source": source.to_string()}),
                None => json!({"set": false}),
            },
            "api_url": {"value": url.as_str().trim_end_matches('/'), "source": url_source.to_string()},
            "webhook_secret": secret.to_json(),
        });
        output::data(format!("{value:#}\n").as_bytes())?;
        return Ok(Exit::Success);
    }
    let p = context.colors.stdout;
    let file = |path: &Path| {
        let state = if path.exists() { "" } else { "  (not found)" };
        format!(
            "{}{}",
            p.path(&sanitize::line(&path.display().to_string())),
            p.dim(state)
        )
    };
    let mut rows = vec![("config file", file(&own))];
    if let Some(path) = &pulse_cli {
        rows.push(("Pulse CLI file", file(path)));
    }
    rows.push((
        "api_key",
        match &key {
            Some((k, source)) => format!("{}  {}", k.masked(), from(source, p)),
            None => p.dim("(not set: `--api-key`, PULSE_API_KEY or `config init`)"),
        },
    ));
    rows.push((
        "api_url",
        format!(
            "{}  {}",
            url.as_str().trim_end_matches('/'),
            from(&url_source, p)
        ),
    ));
    rows.push(("webhook_secret", secret.describe(p)));
    let text: String = rows
        .into_iter()
        .map(|(label, value)| format!("{}  {value}\n", p.bold(&format!("{label:<15}"))))
        .collect();
    output::data(text.as_bytes())?;
    Ok(Exit::Success)
}

fn from(source: &Source, p: Palette) -> String {
    p.dim(&format!("from {}", sanitize::line(&source.to_string())))
}

/// The signing secret in use, described without its value.
enum SecretStatus {
    Configured {
        source: SecretSource,
        valid: Result<usize, String>,
    },
    DevSecret {
        path: PathBuf,
        exists: bool,
    },
}

fn secret_status() -> Result<SecretStatus> {
    if let Some(found) = secrets::find_configured(&SecretFlags::default())? {
        let valid = Secret::parse(&found.texts[0])
            .map(|s| s.key_bytes().len())
            .map_err(|e| e.to_string());
        return Ok(SecretStatus::Configured {
            source: found.source,
            valid,
        });
    }
    let path = config::config_dir()?.join(secrets::DEV_SECRET_FILE);
    Ok(SecretStatus::DevSecret {
        exists: path.exists(),
        path,
    })
}

impl SecretStatus {
    fn to_json(&self) -> serde_json::Value {
        match self {
            Self::Configured { source, valid } => json!({
                "set": true,
                "source": source.to_string(),
                "valid": valid.is_ok(),
                "error": valid.as_ref().err(),
            }),
            Self::DevSecret { path, exists } => json!({
                "set": false,
                "source": "development secret",
                "path": path,
                "exists": exists,
            }),
        }
    }

    fn describe(&self, p: Palette) -> String {
        match self {
            Self::Configured {
                source,
                valid: Ok(len),
            } => format!(
                "set (redacted, a {len}-byte key)  {}",
                p.dim(&format!("from {}", sanitize::line(&source.to_string())))
            ),
            Self::Configured {
                source,
                valid: Err(e),
            } => format!(
                "{} {}  {}",
                p.failure("not usable:"),
                sanitize::line(e),
                p.dim(&format!("from {}", sanitize::line(&source.to_string())))
            ),
            Self::DevSecret { path, exists: true } => format!(
                "the development secret  {}",
                p.dim(&format!(
                    "from {} (`pulse-hooks listen` prints it)",
                    path.display()
                ))
            ),
            Self::DevSecret {
                path,
                exists: false,
            } => format!(
                "the development secret, created on first use  {}",
                p.dim(&format!("at {}", path.display()))
            ),
        }
    }
}
