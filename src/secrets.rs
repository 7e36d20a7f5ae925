//! Which signing secret a command uses, and where it came from. First found wins: `--secret`,
//! `--secret-file` (`-` = stdin), `PULSE_WEBHOOK_SECRET`, the config file's `webhook_secret`, then
//! the local development secret, created on first use and shared by `listen`, `send`, `sign` and
//! `replay` so that they work together with no setup.

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::cli::VerifyingKeyArgs;
use crate::config::{self, ConfigFile};
use crate::diagnosis::SecretTexts;
use crate::error::{CliError, Result};
use crate::ids::random_bytes;
use crate::output;
use crate::signing::{KeyError, MIN_KEY_LEN, PublicKey, Secret, SigningMaterial, Verifier};
use crate::style::Palette;

pub const SECRET_ENV: &str = "PULSE_WEBHOOK_SECRET";
pub const DEV_SECRET_FILE: &str = "dev-secret";

/// Where a secret was read from (never the secret itself).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretSource {
    Flag,
    File(PathBuf),
    Stdin,
    Env,
    ConfigFile(PathBuf),
    DevSecret(PathBuf),
}

impl fmt::Display for SecretSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Flag => f.write_str("--secret"),
            Self::File(path) => write!(f, "--secret-file {}", path.display()),
            Self::Stdin => f.write_str("--secret-file - (stdin)"),
            Self::Env => f.write_str(SECRET_ENV),
            Self::ConfigFile(path) => write!(f, "webhook_secret in {}", path.display()),
            Self::DevSecret(path) => write!(f, "the development secret ({})", path.display()),
        }
    }
}

/// The secret-related flags of a command.
#[derive(Clone, Debug, Default)]
pub struct SecretFlags {
    pub secrets: Vec<String>,
    pub secret_file: Option<PathBuf>,
    /// Use the text's own bytes as the key (the docs-sample mistake).
    pub raw: bool,
}

/// Secret texts as found, with their source. Several only from repeated `--secret`.
pub struct FoundSecrets {
    pub texts: Vec<String>,
    pub source: SecretSource,
}

impl fmt::Debug for FoundSecrets {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FoundSecrets")
            .field("texts", &format_args!("[{} redacted]", self.texts.len()))
            .field("source", &self.source)
            .finish()
    }
}

/// Finds the secret texts in the documented order, creating the development secret when nothing
/// else gives one.
pub fn find(flags: &SecretFlags) -> Result<FoundSecrets> {
    if let Some(found) = find_configured(flags)? {
        return Ok(found);
    }
    let (text, path) = dev_secret(&config::config_dir()?)?;
    Ok(FoundSecrets {
        texts: vec![text],
        source: SecretSource::DevSecret(path),
    })
}

/// Like [`find`], but `None` where it would fall back to the development secret.
pub fn find_configured(flags: &SecretFlags) -> Result<Option<FoundSecrets>> {
    if !flags.secrets.is_empty() {
        return Ok(Some(FoundSecrets {
            texts: flags.secrets.clone(),
            source: SecretSource::Flag,
        }));
    }
    if let Some(path) = &flags.secret_file {
        return read_secret_file(path).map(Some);
    }
    if let Some(text) = config::env_var(SECRET_ENV) {
        return Ok(Some(FoundSecrets {
            texts: vec![text],
            source: SecretSource::Env,
        }));
    }
    let config_path = config::config_dir()?.join(config::CONFIG_FILE);
    Ok(ConfigFile::load(&config_path)?
        .and_then(|c| c.webhook_secret)
        .map(|text| FoundSecrets {
            texts: vec![text],
            source: SecretSource::ConfigFile(config_path),
        }))
}

fn read_secret_file(path: &Path) -> Result<FoundSecrets> {
    let (text, source) = if path == Path::new("-") {
        let mut text = String::new();
        io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| CliError::usage("cannot read the secret from stdin").caused_by(e))?;
        (text, SecretSource::Stdin)
    } else {
        let text = fs::read_to_string(path).map_err(|e| {
            CliError::usage(format!("cannot read the secret file `{}`", path.display()))
                .caused_by(e)
                .with_hint("check the path given to `--secret-file`")
        })?;
        (text, SecretSource::File(path.to_path_buf()))
    };
    // A file's trailing newline is not part of the secret.
    let text = text.trim_end_matches(['\n', '\r']).to_string();
    Ok(FoundSecrets {
        texts: vec![text],
        source,
    })
}

/// The shared development secret: read it, or create it (mode 0600) on first use.
pub fn dev_secret(dir: &Path) -> Result<(String, PathBuf)> {
    let path = dir.join(DEV_SECRET_FILE);
    let unreadable = |e: io::Error| {
        CliError::usage(format!(
            "cannot use the development secret `{}`",
            path.display()
        ))
        .caused_by(e)
        .with_hint(format!(
            "set {} to a writable folder, or give a secret with `--secret`",
            config::CONFIG_DIR_ENV
        ))
    };
    match fs::read_to_string(&path) {
        Ok(text) => return Ok((text.trim().to_string(), path)),
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(unreadable(e)),
        Err(_) => {}
    }
    let secret = Secret::from_bytes(&random_bytes::<MIN_KEY_LEN>()).expect("non-empty key");
    let text = secret.to_whsec();
    let created = config::write_private(&path, format!("{text}\n").as_bytes(), false, true)
        .map_err(unreadable)?;
    if created {
        Ok((text, path))
    } else {
        let text = fs::read_to_string(&path).map_err(unreadable)?;
        Ok((text.trim().to_string(), path))
    }
}

/// The hint for a malformed secret, naming where it came from.
fn key_error(error: KeyError, source: &SecretSource) -> CliError {
    let hint = match error {
        KeyError::WrongKind { .. } => {
            "`whsec_` secrets sign and verify `v1`; `whsk_` keys sign `v1a`; `whpk_` keys verify it (`--public-key`)"
        }
        _ => {
            "a signing secret is `whsec_` followed by base64, as the Pulse portal shows it (`pulse-hooks secret generate` makes one); `--raw-secret` signs with the text's own bytes"
        }
    };
    CliError::usage(format!("the secret from {source} is not usable: {error}")).with_hint(hint)
}

/// Warns about a key shorter than the spec's 24 bytes.
fn warn_if_short(key_len: usize, source: &SecretSource, palette: Palette) {
    if key_len < MIN_KEY_LEN {
        output::warn(
            palette,
            &format!(
                "the secret from {source} is only {key_len} bytes; Standard Webhooks asks for at least {MIN_KEY_LEN}"
            ),
        );
    }
}

/// The key a signing command uses, with warnings printed.
pub fn signing_material(
    flags: &SecretFlags,
    palette: Palette,
) -> Result<(SigningMaterial, SecretSource)> {
    let found = find(flags)?;
    let text = &found.texts[0];
    let material = if flags.raw {
        if text.trim_start().starts_with("whsk_") {
            return Err(CliError::usage(
                "`--raw-secret` applies to HMAC secrets, not `whsk_` keys",
            ));
        }
        Secret::from_raw(text).map(SigningMaterial::Hmac)
    } else {
        SigningMaterial::parse(text)
    }
    .map_err(|e| key_error(e, &found.source))?;
    if let SigningMaterial::Hmac(secret) = &material {
        warn_if_short(secret.key_bytes().len(), &found.source, palette);
    }
    Ok((material, found.source))
}

/// The HMAC secrets a verifying command uses (several for rotation), with warnings printed.
pub fn verifying_secrets(found: &FoundSecrets, raw: bool, palette: Palette) -> Result<Vec<Secret>> {
    found
        .texts
        .iter()
        .map(|text| {
            let secret = if raw {
                Secret::from_raw(text)
            } else {
                Secret::parse(text)
            }
            .map_err(|e| key_error(e, &found.source))?;
            warn_if_short(secret.key_bytes().len(), &found.source, palette);
            Ok(secret)
        })
        .collect()
}

/// What a verifying command checks signatures with.
pub struct VerifyingKeys {
    pub verifier: Verifier,
    /// The secret texts, for diagnosing failures (never printed).
    pub texts: SecretTexts,
    /// Where the HMAC secrets came from; `None` with public keys only.
    pub source: Option<SecretSource>,
    /// The development secret's text when that is the one in use: `listen` shows it, since a
    /// user needs it to configure their own handler.
    pub dev_secret: Option<String>,
}

/// The verifier from `--secret`/`--secret-file`/`--raw-secret`/`--public-key`, with the
/// default window. With only public keys given, no HMAC secret is made up.
pub fn verifying_keys(args: &VerifyingKeyArgs, palette: Palette) -> Result<VerifyingKeys> {
    let public_keys = args
        .public_keys
        .iter()
        .map(|text| {
            PublicKey::parse(text).map_err(|e| {
                CliError::usage(format!("invalid `--public-key`: {e}")).with_hint(
                    "a public key is `whpk_` followed by base64 (`pulse-hooks secret generate --asymmetric` makes a pair)",
                )
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let flags = SecretFlags {
        secrets: args.secrets.clone(),
        secret_file: args.secret_file.clone(),
        raw: args.raw_secret,
    };
    let found = if public_keys.is_empty() {
        Some(find(&flags)?)
    } else {
        find_configured(&flags)?
    };
    let Some(found) = found else {
        return Ok(VerifyingKeys {
            verifier: Verifier::new(Vec::new()).with_public_keys(public_keys),
            texts: SecretTexts::default(),
            source: None,
            dev_secret: None,
        });
    };
    let secrets = verifying_secrets(&found, args.raw_secret, palette)?;
    let dev_secret =
        matches!(found.source, SecretSource::DevSecret(_)).then(|| found.texts[0].clone());
    Ok(VerifyingKeys {
        verifier: Verifier::new(secrets).with_public_keys(public_keys),
        texts: SecretTexts::new(found.texts, args.raw_secret),
        source: Some(found.source),
        dev_secret,
    })
}
