//! `secret generate [--asymmetric]`.

use serde_json::json;

use crate::app::Context;
use crate::error::{Exit, Result};
use crate::ids::random_bytes;
use crate::output;
use crate::signing::{MIN_KEY_LEN, Secret, SigningKey};

pub fn generate(asymmetric: bool, as_json: bool, context: &Context) -> Result<Exit> {
    let text = if asymmetric {
        let key = SigningKey::from_seed(random_bytes());
        let (secret, public) = (key.to_whsk(), key.public_key().to_whpk());
        if as_json {
            format!("{}\n", json!({"secret_key": secret, "public_key": public}))
        } else {
            output::hint(
                context.colors.stderr,
                "first line: the whsk_ secret key (signs v1a; keep it private); second: the whpk_ public key (verifies)",
            );
            format!("{secret}\n{public}\n")
        }
    } else {
        let secret = Secret::from_bytes(&random_bytes::<MIN_KEY_LEN>())
            .expect("a non-empty key")
            .to_whsec();
        if as_json {
            format!("{}\n", json!({ "secret": secret }))
        } else {
            format!("{secret}\n")
        }
    };
    output::data(text.as_bytes())?;
    Ok(Exit::Success)
}
