//! Which Pulse API key and URL a command uses, and where each came from. Key, first found wins:
//! `--api-key`, `PULSE_API_KEY`, this tool's config file, the official Pulse CLI's config file
//! (`$PULSE_CONFIG_DIR/config.toml`, else `~/.pulse/config.toml`), a hidden prompt. URL:
//! `--api-url`, `PULSE_API_URL`, the config files, the default.

use std::fmt;
use std::path::PathBuf;

use crate::config::{self, ConfigFile};
use crate::error::{CliError, Result};
use crate::output;
use crate::style::Palette;

pub const API_KEY_ENV: &str = "PULSE_API_KEY";
pub const API_URL_ENV: &str = "PULSE_API_URL";
/// The official Pulse CLI's config folder, when not `~/.pulse`.
pub const PULSE_CLI_DIR_ENV: &str = "PULSE_CONFIG_DIR";
pub const DEFAULT_API_URL: &str = "https://api.runpulse.com";

/// An API key. Its `Debug` is redacted; [`ApiKey::masked`] is what may be shown.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// A key as given; surrounding whitespace (a pasted newline) is not part of it.
    pub fn parse(text: &str) -> Result<Self, &'static str> {
        let key = text.trim();
        if key.is_empty() {
            return Err("it is empty");
        }
        // It travels in a header: visible ASCII only.
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err("it holds characters an HTTP header cannot carry");
        }
        Ok(Self(key.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `…abcd`: the last four characters, and only when that leaves most of the key hidden.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() >= 16 {
            format!("…{}", chars[chars.len() - 4..].iter().collect::<String>())
        } else {
            "…".to_string()
        }
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiKey({})", self.masked())
    }
}

/// Where a setting came from (never the value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env(&'static str),
    ConfigFile(PathBuf),
    PulseCli(PathBuf),
    Prompt,
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag(flag) => f.write_str(flag),
            Self::Env(name) => f.write_str(name),
            Self::ConfigFile(path) => write!(f, "{}", path.display()),
            Self::PulseCli(path) => write!(f, "the Pulse CLI's {}", path.display()),
            Self::Prompt => f.write_str("the prompt"),
            Self::Default => f.write_str("the default"),
        }
    }
}

/// The API flags of a command.
#[derive(Clone, Debug, Default)]
pub struct ApiFlags {
    pub api_key: Option<String>,
    pub api_url: Option<String>,
}

/// What the API client needs.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub key: ApiKey,
    pub key_source: Source,
    pub url: reqwest::Url,
    pub url_source: Source,
}

impl Credentials {
    /// The base URL as people write it: no trailing `/` on a bare host.
    pub fn url_text(&self) -> &str {
        self.url.as_str().trim_end_matches('/')
    }
}

/// The official Pulse CLI's config file.
pub fn pulse_cli_config_path() -> Option<PathBuf> {
    if let Some(dir) = config::env_var(PULSE_CLI_DIR_ENV) {
        return Some(PathBuf::from(dir).join(config::CONFIG_FILE));
    }
    directories::BaseDirs::new().map(|d| d.home_dir().join(".pulse").join(config::CONFIG_FILE))
}

/// The two config files, read once: this tool's, then the Pulse CLI's.
pub struct ConfigFiles {
    own: Option<(PathBuf, ConfigFile)>,
    pulse_cli: Option<(PathBuf, ConfigFile)>,
}

impl ConfigFiles {
    pub fn load(palette: Palette) -> Result<Self> {
        let own_path = config::config_dir()?.join(config::CONFIG_FILE);
        let own = ConfigFile::load(&own_path)?.map(|c| (own_path, c));
        // Another tool's file: if it is unreadable, say so and go on without it.
        let pulse_cli = pulse_cli_config_path().and_then(|path| match ConfigFile::load(&path) {
            Ok(file) => file.map(|c| (path, c)),
            Err(e) => {
                output::warn(palette, &format!("{} (ignored)", e.message));
                None
            }
        });
        Ok(Self { own, pulse_cli })
    }

    /// A field from this tool's file, else from the Pulse CLI's.
    fn find(&self, field: impl Fn(&ConfigFile) -> Option<&String>) -> Option<(String, Source)> {
        let pick = |file: &Option<(PathBuf, ConfigFile)>| {
            file.as_ref().and_then(|(path, c)| {
                field(c)
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| (v.clone(), path.clone()))
            })
        };
        pick(&self.own)
            .map(|(v, p)| (v, Source::ConfigFile(p)))
            .or_else(|| pick(&self.pulse_cli).map(|(v, p)| (v, Source::PulseCli(p))))
    }
}

fn bad_key(source: &Source, why: &str) -> CliError {
    CliError::usage(format!("the API key from {source} is not usable: {why}"))
        .with_hint("copy the key again from the Pulse dashboard")
}

/// The key from flags, environment or config files; `None` when none gives one (no prompt).
pub fn find_key(flags: &ApiFlags, files: &ConfigFiles) -> Result<Option<(ApiKey, Source)>> {
    let found = if let Some(text) = &flags.api_key {
        Some((text.clone(), Source::Flag("--api-key")))
    } else if let Some(text) = config::env_var(API_KEY_ENV) {
        Some((text, Source::Env(API_KEY_ENV)))
    } else {
        files.find(|c| c.api_key.as_ref())
    };
    found
        .map(|(text, source)| match ApiKey::parse(&text) {
            Ok(key) => Ok((key, source)),
            Err(why) => Err(bad_key(&source, why)),
        })
        .transpose()
}

/// The API base URL and where it came from.
pub fn find_url(flags: &ApiFlags, files: &ConfigFiles) -> Result<(reqwest::Url, Source)> {
    let (text, source) = if let Some(text) = &flags.api_url {
        (text.clone(), Source::Flag("--api-url"))
    } else if let Some(text) = config::env_var(API_URL_ENV) {
        (text, Source::Env(API_URL_ENV))
    } else {
        files
            .find(|c| c.api_url.as_ref())
            .unwrap_or((DEFAULT_API_URL.to_string(), Source::Default))
    };
    let url = parse_api_url(&text)
        .map_err(|why| CliError::usage(format!("the API URL from {source} is not usable: {why}")))
        .map_err(|e| e.with_hint(format!("the Pulse API is at {DEFAULT_API_URL}")))?;
    Ok((url, source))
}

/// An `http(s)` URL with a host and no query; the API paths go under its path.
pub fn parse_api_url(text: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(text.trim()).map_err(|e| e.to_string())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err("expected an http:// or https:// URL".into());
    }
    if url.query().is_some() || url.fragment().is_some() || !url.username().is_empty() {
        return Err("expected a URL without a query, fragment or user name".into());
    }
    Ok(url)
}

/// Key and URL, prompting for the key (hidden) when nothing gives one and prompts are allowed.
pub fn resolve(flags: &ApiFlags, interactive: bool, palette: Palette) -> Result<Credentials> {
    let files = ConfigFiles::load(palette)?;
    let (url, url_source) = find_url(flags, &files)?;
    let (key, key_source) = match find_key(flags, &files)? {
        Some(found) => found,
        None if interactive => (prompt_key()?, Source::Prompt),
        None => return Err(missing_key()),
    };
    Ok(Credentials {
        key,
        key_source,
        url,
        url_source,
    })
}

pub fn missing_key() -> CliError {
    CliError::usage("no Pulse API key").with_hint(format!(
        "give one with `--api-key`, set {API_KEY_ENV}, or save it with `pulse-hooks config init` (a key saved by `pulse login` is found too)"
    ))
}

fn prompt_key() -> Result<ApiKey> {
    let text = dialoguer::Password::new()
        .with_prompt("Pulse API key (hidden)")
        .interact()
        .map_err(|e| CliError::usage("cannot read the API key").caused_by(e))?;
    ApiKey::parse(&text).map_err(|why| bad_key(&Source::Prompt, why))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_trimmed_checked_and_masked() {
        let key = ApiKey::parse("  sk_live_0123456789abcdef\n").unwrap();
        assert_eq!(key.expose(), "sk_live_0123456789abcdef");
        assert_eq!(key.masked(), "…cdef");
        assert!(!format!("{key:?}").contains("0123"));
        assert_eq!(ApiKey::parse("short").unwrap().masked(), "…");
        assert!(ApiKey::parse(" ").is_err());
        assert!(ApiKey::parse("a b").is_err());
        assert!(ApiKey::parse("ké").is_err());
    }

    #[test]
    fn api_urls() {
        assert!(parse_api_url("https://api.runpulse.com").is_ok());
        assert!(parse_api_url("http://127.0.0.1:8080/v2/").is_ok());
        for bad in [
            "ftp://x",
            "api.runpulse.com",
            "https://x/?a=1",
            "https://u@x/",
            "",
        ] {
            assert!(parse_api_url(bad).is_err(), "{bad}");
        }
    }
}
